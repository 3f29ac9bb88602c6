// utmpx view's server: a file removed while it serves is a 404, and the server
// goes on (a stat throwing in the request handler ended the process with a
// stack trace); what is not its token, a GET or its Host is refused.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { serveViewer } from "../../src/cli/view.ts";

it("a file gone while served is a 404, and the server goes on; other requests are refused", async () => {
  const dir = mkdtempSync(join(tmpdir(), "utmpx-view-"));
  const path = join(dir, "wtmp");
  writeFileSync(path, new Uint8Array(384));
  const server = await serveViewer("<html>viewer</html>", [path]);
  try {
    const file = `${server.url}files/0`;
    expect((await fetch(file)).status).toBe(200);
    rmSync(path);
    expect((await fetch(file)).status).toBe(404);
    expect(await (await fetch(server.url)).text()).toContain("viewer");
    expect((await fetch(`${server.url}files/1`)).status).toBe(404);
    expect((await fetch(server.url, { method: "POST" })).status).toBe(403);
    expect((await fetch(server.url.replace(/\/[0-9a-f]{32}\//, "/0123/"))).status).toBe(404);
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
