import { defineConfig } from "vitest/config";
import { playwright } from "@vitest/browser-playwright";

// The browser project drives the system's Chromium (Debian package), never a
// browser downloaded by playwright. --no-sandbox because CI runs as root; the
// other flags keep Chromium off the network.
const chromium = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const chromiumArgs = [
  "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "node",
          include: ["test/**/*.test.ts"],
          exclude: ["test/browser/**", "test/deno/**", "test/bun/**"],
          testTimeout: 60_000,
          // several suites build their databases with python's sqlite3 before they start: seconds on a busy machine
          hookTimeout: 60_000,
          // last and who follow the locale as util-linux and coreutils do; the
          // suites compare with captures made in UTF-8, whatever the caller's
          // environment (tests of the C locale set their own)
          env: { LANG: "C.UTF-8", LC_ALL: "", LC_CTYPE: "", LC_TIME: "" },
        },
      },
      {
        test: {
          name: "browser",
          include: ["test/browser/**/*.test.ts"],
          testTimeout: 60_000,
          browser: {
            enabled: true,
            headless: true,
            provider: playwright({ launchOptions: { executablePath: chromium, args: chromiumArgs } }),
            instances: [{ browser: "chromium" }],
            screenshotFailures: false, // no PNGs left in test/browser/ by a failing run
          },
        },
      },
    ],
  },
});
