/** A FEEL expression that could not be parsed or evaluated (Zeebe would raise an incident). */
export class FeelError extends Error {
  constructor(
    message: string,
    /** The expression as written in the model (with its leading `=`). */
    readonly expression: string,
    /** Warnings the interpreter collected before it failed (missing variables, failed calls). */
    readonly warnings: string[] = [],
  ) {
    super(message);
    this.name = 'FeelError';
  }
}
