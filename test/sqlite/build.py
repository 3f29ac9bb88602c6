# Builds the SQLite test databases with python's sqlite3 (an implementation
# independent of src/sqlite/) and dumps what sqlite3 itself reads from each
# to <case>.json, so the TypeScript reader is compared with SQLite.
# Usage: python3 build.py OUTDIR   (prints the case names, one per line)
import json, os, random, shutil, sqlite3, struct, sys, tempfile

OUT = sys.argv[1]
WTMP = "CREATE TABLE IF NOT EXISTS wtmp(ID INTEGER PRIMARY KEY, Type INTEGER, User TEXT NOT NULL, Login INTEGER, Logout INTEGER, TTY TEXT, RemoteHost TEXT, Service TEXT)"
LASTLOG2 = "CREATE TABLE IF NOT EXISTS Lastlog2(Name TEXT PRIMARY KEY, Time INTEGER NOT NULL, TTY TEXT, RemoteHost TEXT, Service TEXT)"
cases = []


def tag(v):
    if v is None: return None
    if isinstance(v, int): return {"i": str(v)}
    if isinstance(v, float): return {"f": v}
    if isinstance(v, str): return {"t": v}
    return {"b": bytes(v).hex()}


def dump(name):
    """Reads the case from a scratch copy (opening applies and then checkpoints the WAL)."""
    d = tempfile.mkdtemp()
    try:
        for ext in ("", "-wal"):
            src = os.path.join(OUT, name + ".db" + ext)
            if os.path.exists(src): shutil.copy(src, os.path.join(d, "x.db" + ext))
        con = sqlite3.connect(os.path.join(d, "x.db"))
        tables = {}
        for (t,) in con.execute("SELECT name FROM sqlite_schema WHERE type='table' ORDER BY name"):
            tables[t] = [[tag(v) for v in r] for r in con.execute(f'SELECT rowid, * FROM "{t}" ORDER BY rowid')]
        con.close()
    finally:
        shutil.rmtree(d)
    with open(os.path.join(OUT, name + ".json"), "w") as f:
        json.dump(tables, f)
    cases.append(name)


def text(rng, n):
    return "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789.-é😀") for _ in range(n))


def wtmp_rows(rng, n, long_every, long_len, strict):
    for i in range(1, n + 1):
        host = text(rng, long_len) if i % long_every == 0 else text(rng, rng.randint(0, 40))
        logout = rng.choice([None, 1_700_000_000_000_000 + i * 1_000_003, 2**62 + i, -(2**60) - i, -5, 0, 1, 300, 70000, 2**40,
                               -129, -32769, -(2**23) - 1, -(2**31), 2**31 - 1, -(2**47), -(2**52) - i, -(2**53) + 1])
        if not strict and i % 101 == 0: logout = 1.5 + i  # a REAL (serial type 7)
        if not strict and i % 103 == 0: host = bytes([0, 255, i % 256])  # a BLOB
        yield (i, rng.choice([1, 2, 3, 4]), "user%d" % (i % 50), 1_700_000_000_000_000 + i * 999_983, logout, "pts/%d" % (i % 20), host, rng.choice(["sshd", "login", None, ""]))


def make(name, page_size, schema, rows, insert, deletes=()):
    path = os.path.join(OUT, name + ".db")
    con = sqlite3.connect(path)
    con.execute(f"PRAGMA page_size={page_size}")
    con.execute(schema)
    con.executemany(insert, rows)
    for d in deletes: con.execute(d)
    con.commit()
    con.close()
    dump(name)


rng = random.Random(12)
INS_W = "INSERT INTO wtmp VALUES (?,?,?,?,?,?,?,?)"
INS_L = "INSERT INTO Lastlog2 VALUES (?,?,?,?,?)"
DEL = ["DELETE FROM wtmp WHERE ID % 7 = 0", "DELETE FROM wtmp WHERE ID BETWEEN 3000 AND 5000"]
make("wtmp-4096", 4096, WTMP, wtmp_rows(rng, 10_000, 50, 5000, False), INS_W, DEL)
make("wtmp-512", 512, WTMP, wtmp_rows(rng, 6_000, 40, 5000, False), INS_W, DEL)
make("wtmp-65536", 65536, WTMP, wtmp_rows(rng, 10_000, 500, 150_000, False), INS_W, DEL)
make("wtmp-strict-1024", 1024, WTMP + " STRICT", wtmp_rows(rng, 4_000, 30, 3000, True), INS_W, DEL[:1])
users = [("user%05d" % i if i % 13 else text(rng, 300), 1_700_000_000 + i, "pts/%d" % i, text(rng, 20), "sshd") for i in range(3000)]
make("lastlog2-4096", 4096, LASTLOG2, users, INS_L, ["DELETE FROM Lastlog2 WHERE Time % 5 = 0"])
make("lastlog2-strict-512", 512, LASTLOG2 + " STRICT", users[:1500], INS_L)

# WAL: a checkpointed base, then transactions left in the log (autocheckpoint off), copied while open
base = os.path.join(OUT, "live.db")
con = sqlite3.connect(base, isolation_level=None)
con.execute("PRAGMA page_size=1024")
con.execute("PRAGMA journal_mode=WAL")
con.execute("PRAGMA wal_autocheckpoint=0")
con.execute(WTMP)
con.execute("BEGIN"); con.executemany(INS_W, wtmp_rows(rng, 2000, 60, 4000, False)); con.execute("COMMIT")
con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
con.execute("BEGIN"); con.executemany(INS_W, [(i + 2000,) + r[1:] for i, r in enumerate(wtmp_rows(rng, 500, 30, 3000, False), 1)]); con.execute("COMMIT")
con.execute("UPDATE wtmp SET Logout = Login + 1, RemoteHost = 'updated' WHERE ID % 3 = 0")
con.execute("DELETE FROM wtmp WHERE ID BETWEEN 100 AND 400")
con.execute(LASTLOG2)  # a table that exists only in the WAL
con.execute("BEGIN"); con.executemany(INS_L, users[:400]); con.execute("COMMIT")


def snapshot(name):
    shutil.copy(base, os.path.join(OUT, name + ".db"))
    shutil.copy(base + "-wal", os.path.join(OUT, name + ".db-wal"))


snapshot("wal-committed")
dump("wal-committed")
shutil.copy(base, os.path.join(OUT, "wal-dbonly.db"))  # the same database read without its log
dump("wal-dbonly")

# torn tail: the last frame cut short, so the last transaction has no commit frame
snapshot("wal-truncated")
with open(os.path.join(OUT, "wal-truncated.db-wal"), "r+b") as f:
    f.truncate(os.path.getsize(f.name) - 100)
dump("wal-truncated")

# a flipped byte in the last frame: its checksum fails, the transaction is dropped
snapshot("wal-corrupt")
with open(os.path.join(OUT, "wal-corrupt.db-wal"), "r+b") as f:
    size = os.path.getsize(f.name); f.seek(size - 10); b = f.read(1); f.seek(size - 10); f.write(bytes([b[0] ^ 0xFF]))
dump("wal-corrupt")

# big-endian checksums (magic 0x377f0683): the committed log rewritten with the other byte order
def be_checksums(src, dst, page_size):
    data = bytearray(open(src, "rb").read())
    struct.pack_into(">I", data, 0, 0x377F0683)
    def fold(buf, s0, s1):
        for k in range(0, len(buf), 8):
            a, b = struct.unpack_from(">II", buf, k)
            s0 = (s0 + a + s1) & 0xFFFFFFFF
            s1 = (s1 + b + s0) & 0xFFFFFFFF
        return s0, s1
    s = fold(data[0:24], 0, 0)
    struct.pack_into(">II", data, 24, *s)
    frame = 24 + page_size
    for at in range(32, len(data) - frame + 1, frame):
        s = fold(data[at:at + 8] + data[at + 24:at + frame], *s)
        struct.pack_into(">II", data, at + 16, *s)
    open(dst, "wb").write(bytes(data))

shutil.copy(base, os.path.join(OUT, "wal-bigendian.db"))
be_checksums(base + "-wal", os.path.join(OUT, "wal-bigendian.db-wal"), 1024)
dump("wal-bigendian")

# frames of a transaction not committed yet: a small cache makes sqlite spill them into the log
con.execute("PRAGMA cache_size=5")
con.execute("BEGIN")
con.executemany(INS_W, [(i + 10_000,) + r[1:] for i, r in enumerate(wtmp_rows(rng, 1500, 10, 2000, False), 1)])
snapshot("wal-uncommitted")
dump("wal-uncommitted")
con.execute("ROLLBACK")
con.close()

# UTF-16 text: must be refused clearly
con = sqlite3.connect(os.path.join(OUT, "utf16.db"))
con.execute("PRAGMA encoding='UTF-16le'")
con.execute(LASTLOG2)
con.execute(INS_L, users[0])
con.commit(); con.close()

print("\n".join(cases))
