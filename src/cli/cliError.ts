/** A usage error: printed as one line (and, unless `hint` is false, where to find help), exit status 2. */
export class CliError extends Error {
  /** Whether to add "Try 'utmpx --help'": not where the line says all there is to say. */
  readonly hint: boolean;

  constructor(message: string, options: { hint?: boolean } = {}) {
    super(message);
    this.name = "CliError";
    this.hint = options.hint ?? true;
  }
}
