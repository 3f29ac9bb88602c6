// Every Linux utmp/wtmp/btmp fixture of this package (test/fixtures, MIT /
// Apache-2.0 / generated here; see test/fixtures/PROVENANCE.md) through the
// fixture suite: detection, utmpdump parity, upstream assertions, reference parity.
import { describe, expect, it } from "vitest";
import { describeFixture } from "./fixtureSuite.ts";
import { FIXTURES, linuxFixtures } from "../support/corpus.ts";

const fixtures = linuxFixtures(FIXTURES);

describe("package fixtures", () => {
  it("finds every Linux fixture listed in PROVENANCE.md", () => {
    expect(fixtures.map((f) => f.name).sort()).toStrictEqual([
      "dtformats/utmp-linux_libc6",
      "generated-glibc-x86_64/btmp", "generated-glibc-x86_64/utmp", "generated-glibc-x86_64/wtmp",
      "grr/utmp", "grr/wtmp",
      "linux-utmpx-rb/utmpx_dummy.dump", "linux-utmpx-rb/utmpx_ipv4.dump",
      "neko-neko-utmpdump/utmp",
      "plaso/utmp", "plaso/utmp_aarch64", "plaso/utmp_corrupted", "plaso/utmp_s390", "plaso/utmp_x86_64", "plaso/wtmp.1",
      "s4/CentOS7/x86_64/btmp", "s4/CentOS7/x86_64/utmp", "s4/CentOS7/x86_64/wtmp",
      "s4/CentOS9/x86_64/btmp", "s4/CentOS9/x86_64/wtmp",
      "s4/Debian11/aarch64_ARM64/utmp", "s4/Debian11/aarch64_ARM64/wtmp",
      "s4/Debian11/aarch64_ARMv6/utmp", "s4/Debian11/aarch64_ARMv6/wtmp",
      "s4/Debian11/armv6l_ARMv6/utmp", "s4/Debian11/armv6l_ARMv6/wtmp",
      "s4/Debian11/armv7l_ARMv6/utmp", "s4/Debian11/armv7l_ARMv6/wtmp", "s4/Debian11/armv7l_ARMv6/wtmp.1-2023010601.backup",
      "s4/Debian13/RISC-V/utmp", "s4/Debian13/RISC-V/wtmp",
      "s4/OpenSUSE15/btmp", "s4/OpenSUSE15/wtmp",
      "s4/RedHatEnterprise9/x86_64/utmp",
      "s4/Ubuntu16/x86_32/btmp", "s4/Ubuntu16/x86_32/wtmp",
      "s4/Ubuntu22/x86_64/btmp.1", "s4/Ubuntu22/x86_64/wtmp",
      "utmp-rs/basic32.utmp", "utmp-rs/basic64.utmp", "utmp-rs/empty.utmp", "utmp-rs/long_user_32.utmp", "utmp-rs/with_host_32.utmp",
    ]);
  });

  it("holds no GPL or AGPL file", () => {
    for (const f of fixtures) expect(f.expected.license, f.name).toMatch(/^(MIT|Apache-2\.0|generated here)/);
  });

  for (const fx of fixtures) describeFixture(fx);
});
