# A wtmpdb database of N rows for the benchmark, written by python's sqlite3
# with wtmpdb's schema: an internet-facing server's history (about 20 % of
# sessions from a new peer, 300 users, a boot every ~2,000 rows, 2 % of
# sessions left open, some crashes). Deterministic. Usage: wtmpdb.py N OUT
import random, sqlite3, sys

n, out = int(sys.argv[1]), sys.argv[2]
rng = random.Random(1)
con = sqlite3.connect(out)
con.execute("PRAGMA journal_mode=OFF")
con.execute("CREATE TABLE wtmp(ID INTEGER PRIMARY KEY, Type INTEGER, User TEXT NOT NULL, Login INTEGER, Logout INTEGER, TTY TEXT, RemoteHost TEXT, Service TEXT) STRICT")
users = ["user%03d" % i for i in range(300)]
peers = []
t = 1_600_000_000_000_000
rows = []
boot = None
for i in range(1, n + 1):
    t += rng.randint(1, 120_000_000)
    if i % 2000 == 1:
        if boot is not None and rng.random() < 0.9: rows[boot - 1] = rows[boot - 1][:4] + (t - 5_000_000,) + rows[boot - 1][5:]
        rows.append((i, 1, "reboot", t, None, "~", "6.1.0-%d-amd64" % (i // 20000), None))
        boot = i
        continue
    if not peers or rng.random() < 0.2:
        peer = rng.choice(["%d.%d.%d.%d" % tuple(rng.randint(1, 254) for _ in range(4)), "2001:db8:%x::%x" % (rng.randint(0, 65535), rng.randint(1, 65535)), "host-%d.example.net" % rng.randint(0, 10**9)])
        peers.append(peer)
    else:
        peer = rng.choice(peers[-5000:])
    logout = None if rng.random() < 0.02 else t + rng.randint(1_000_000, 7_200_000_000)
    rows.append((i, 3, rng.choice(users), t, logout, "pts/%d" % rng.randint(0, 63), peer, "sshd"))
con.executemany("INSERT INTO wtmp VALUES (?,?,?,?,?,?,?,?)", rows)
con.commit()
con.close()
