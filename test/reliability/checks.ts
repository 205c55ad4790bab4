/** Named pass/fail assertions that a reliability run collects, prints and counts. */
export interface Check {
  name: string;
  ok: boolean;
  /** The measured value the check was decided on. */
  detail: string;
}

export class Checks {
  readonly list: Check[] = [];

  constructor(private readonly scope: string) {}

  expect(name: string, ok: boolean, detail: unknown): void {
    this.list.push({ name: `${this.scope}: ${name}`, ok, detail: typeof detail === "string" ? detail : JSON.stringify(detail) });
  }

  get failed(): Check[] {
    return this.list.filter((check) => !check.ok);
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
