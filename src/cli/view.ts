// `utmpx view [FILE...]`: serves the web viewer (the one-file page `npm run
// build:viewer` writes beside the CLI bundle, dist/viewer.html) on 127.0.0.1
// with FILEs listed in the page for it to open, and prints the URL. The page is
// read as a file at run time, not imported, so the CLI bundle carries no
// browser code. A random token in the path keeps other local users' requests
// (and pages of other sites, by the Host check) away from the files.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createReadStream, existsSync, readFileSync, statSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { basename } from "node:path";
import { fileURLToPath } from "node:url";
import type { OptionSpec, ParsedArgs } from "./args.ts";
import type { CommandContext } from "./commands.ts";
import { CliError } from "./cliError.ts";
import { isFile } from "./pathKind.ts";

export const VIEW_OPTIONS: OptionSpec[] = [{ name: "port", short: "p", value: true }, { name: "help", short: "h" }];

export const VIEW_USAGE = `Usage: utmpx view [--port N] [FILE...]

Serves the web viewer on http://127.0.0.1 (only this machine can reach it)
with each FILE opened in it, and prints its URL: open that in a browser. The
files are read by the page, in the browser, as any file dropped on it; a
SQLite database's -wal beside it goes with it. Stop with Ctrl-C. The viewer
also works without this command: open dist/viewer.html of the package from
disk, and drop files on it.

  -p, --port N   listen on port N (default: any free port)
`;

/** Where the built page is: beside the CLI bundle (dist/cli/ -> dist/), or dist/ when run from the sources. */
function viewerPage(): string {
  for (const relative of ["../viewer.html", "../../dist/viewer.html"]) {
    const path = fileURLToPath(new URL(relative, import.meta.url));
    if (existsSync(path)) return readFileSync(path, "utf8");
  }
  throw new CliError("the viewer page is not built: run 'npm run build:viewer' (it writes dist/viewer.html)");
}

function parsePort(value: string | true | undefined): number {
  if (value === undefined) return 0;
  const port = Number(value);
  if (value === true || !Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`invalid port '${value}'`);
  return port;
}

/** The page, with the files to open listed in it (as JSON that cannot close its script element). */
function pageWith(page: string, files: readonly { name: string; url: string }[]): string {
  const list = JSON.stringify(files).replace(/</g, "\\u003c");
  return page.replace("</head>", () => `<script type="application/json" id="utmpx-preload">${list}</script>\n</head>`);
}

export interface ViewerServer {
  readonly url: string;
  close(): Promise<void>;
}

/** Serves `page` with `paths` listed in it for it to open, on 127.0.0.1:`port` (0: any free port). */
export async function serveViewer(page: string, paths: readonly string[], port = 0): Promise<ViewerServer> {
  const token = randomBytes(16).toString("hex");
  const base = `/${token}/`;
  const html = pageWith(page, paths.map((p, i) => ({ name: basename(p), url: `${base}files/${i}` })));
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const address = server.address();
    const host = typeof address === "object" && address ? `127.0.0.1:${address.port}` : "";
    const headers = { "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer" };
    if (req.headers.host !== host || req.method !== "GET") { res.writeHead(403, headers).end(); return; }
    if (req.url === base) {
      res.writeHead(200, { ...headers, "Content-Type": "text/html; charset=utf-8" }).end(html);
      return;
    }
    const m = req.url?.startsWith(`${base}files/`) ? /^(\d+)$/.exec(req.url.slice(base.length + 6)) : null;
    const path = m ? paths[Number(m[1])] : undefined;
    let size: number | undefined;
    try {
      size = path === undefined ? undefined : statSync(path).size;
    } catch {
      // removed or moved since the server started: a stat throwing here ended the server with a stack trace
      size = undefined;
    }
    if (path === undefined || size === undefined) { res.writeHead(404, headers).end(); return; }
    res.writeHead(200, { ...headers, "Content-Type": "application/octet-stream", "Content-Length": size });
    createReadStream(path).on("error", () => res.destroy()).pipe(res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (err) => reject(new CliError(`cannot listen on 127.0.0.1:${port}: ${err.message}`)));
    server.listen(port, "127.0.0.1", resolve);
  });
  const address = server.address();
  return {
    url: `http://127.0.0.1:${typeof address === "object" && address ? address.port : port}${base}`,
    close: () => new Promise<void>((resolve) => { server.close(() => resolve()); server.closeAllConnections(); }),
  };
}

/** The files to serve for `paths`: those, and the -wal beside any of them (a live wtmpdb's, a forensic copy's), which the page applies with its database. */
export function servedFiles(paths: readonly string[]): string[] {
  return [...paths, ...paths.map((p) => `${p}-wal`).filter((wal) => !paths.includes(wal) && isFile(wal))];
}

export async function viewCommand(args: ParsedArgs, ctx: CommandContext): Promise<number> {
  if (args.options.has("help")) { ctx.stdout.write(VIEW_USAGE); return 0; }
  const port = parsePort(args.options.get("port"));
  const paths = args.operands;
  for (const path of paths) if (!isFile(path)) throw new CliError(`cannot open '${path}': not a readable file`);
  const withLogs = servedFiles(paths);
  const server = await serveViewer(viewerPage(), withLogs, port);
  ctx.stdout.write(`${server.url}\n`);
  ctx.stdout.flush();
  ctx.stderr.write(`utmpx: serving the viewer${withLogs.length ? ` with ${withLogs.length} file${withLogs.length > 1 ? "s" : ""}` : ""} on 127.0.0.1 only; Ctrl-C stops it\n`);
  ctx.stderr.flush();
  await new Promise<void>((resolve) => {
    const stop = () => { process.off("SIGINT", stop); process.off("SIGTERM", stop); resolve(); };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
  await server.close();
  return 0;
}
