/** An input file or folder that cannot be read (missing, unreadable): the CLI exits 2 with one line. */
export class InputReadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputReadError';
  }
}
