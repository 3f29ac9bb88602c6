// Which files a command reads: its operands, else the system's wtmp, else
// (when asked) the bundled sample.
import { statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { defaultPaths } from "../sources/defaultPaths.ts";
import { presentPath } from "../sources/systemSource.ts";

/** The sample wtmp shipped with the package (samples/wtmp). */
export function samplePath(): string {
  return fileURLToPath(new URL("../../samples/wtmp", import.meta.url));
}

function missingOrEmpty(path: string): boolean {
  try {
    return statSync(path).size === 0;
  } catch {
    return true;
  }
}

export interface InputChoice {
  readonly files: string[];
  /** Set when the sample replaced a missing or empty system file: say so on stderr. */
  readonly note?: string;
}

export function chooseInputs(operands: string[], useSample: boolean, sampleIfEmpty: boolean): InputChoice {
  if (operands.length > 0) return { files: operands };
  if (useSample) return { files: [samplePath()] };
  // the system's wtmp, or where it keeps none (Debian 13) its wtmpdb database
  const wtmp = presentPath(defaultPaths().wtmp, defaultPaths().wtmpdb);
  if (sampleIfEmpty && missingOrEmpty(wtmp)) {
    return { files: [samplePath()], note: `${wtmp} is missing or empty; showing the bundled sample ${samplePath()}` };
  }
  return { files: [wtmp] };
}
