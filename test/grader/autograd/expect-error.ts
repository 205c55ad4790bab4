import { AutogradError, summarize, type AutogradErrorCode, type LayerSpec } from "../../../grader/autograd";

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

/**
 * Asserts that summarizing `layers` is refused at the layer PyTorch refused
 * (the message starts "layer i (Type)"), and that every number of
 * PyTorch's message (sizes, channels, kernel) appears in ours.
 */
export function expectRefusedLikePyTorch(inputShape: number[], layers: LayerSpec[], pytorch: { layer: number; message: string }): void {
  let thrown: unknown;
  try {
    summarize(inputShape, layers);
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(AutogradError);
  const message = (thrown as AutogradError).message;
  expect(message.startsWith(`layer ${pytorch.layer} (${layers[pytorch.layer].type}): `)).toBe(true);
  const ours = new Set(message.match(/\d+/g));
  for (const number of pytorch.message.match(/\d+/g) ?? []) expect(ours).toContain(number);
}
