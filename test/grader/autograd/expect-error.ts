import { AutogradError, type AutogradErrorCode } from "../../../grader/autograd";

/** Asserts that `attempt` throws an AutogradError with this code and a message matching `message`. */
export function expectAutogradError(attempt: () => unknown, code: AutogradErrorCode, message: RegExp): void {
  let thrown: unknown;
  try {
    attempt();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(AutogradError);
  expect((thrown as AutogradError).code).toBe(code);
  expect((thrown as AutogradError).message).toMatch(message);
}
