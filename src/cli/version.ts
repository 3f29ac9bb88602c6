// `utmpx --version`: the version in the package's package.json, read when asked.
// Read at run time rather than imported: the CLI is one esbuild bundle in
// dist/cli/, the sources run from src/cli/, and both sit two levels below it.
import { readFileSync } from "node:fs";

export function packageVersion(): string {
  const url = new URL("../../package.json", import.meta.url);
  return (JSON.parse(readFileSync(url, "utf8")) as { version: string }).version;
}
