/**
 * The keyboard a phone shows for every typed answer: matrix cells, number,
 * integer, shape and expression boxes. Answers are arithmetic ("-1/2",
 * "3*16*3*3 + 16", "1 - sigmoid(2)"), and the decimal and numeric keypads
 * have no minus, times or plus on iOS (and no slash or brackets anywhere), so
 * the full text keyboard it is, with the phone's text helpers off: no capital
 * first letter, no autocorrect or spelling marks, no saved form values.
 */
export const ANSWER_KEYBOARD = {
  inputMode: "text",
  autoComplete: "off",
  autoCorrect: "off",
  autoCapitalize: "off",
  spellCheck: false,
} as const;
