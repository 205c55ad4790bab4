/**
 * Everything a student (or an author) can get wrong in an expression fails
 * with an ExprError: a code the UI can switch on, and the place in the input
 * to underline. Offsets and lengths count UTF-16 code units, as JavaScript
 * string indices do, so `input.slice(offset, offset + length)` is the culprit.
 */
import { TypedError } from "../errors";
import type { Shape } from "./shape";

export enum ExprErrorCode {
  /** Nothing but whitespace. */
  EmptyInput = "EMPTY_INPUT",
  /** Longer than the length cap. */
  InputTooLong = "INPUT_TOO_LONG",
  /** A character that starts no token (`$`, `{`, ...). */
  UnexpectedCharacter = "UNEXPECTED_CHARACTER",
  /** A token where it cannot stand (`W0 @ @ x`, `)` at the start). */
  UnexpectedToken = "UNEXPECTED_TOKEN",
  /** The input stops where an operand or `)` is still needed. */
  UnexpectedEnd = "UNEXPECTED_END",
  /** Two operands side by side (`2 z`, `W1 z`): there is no implicit product. */
  MissingOperator = "MISSING_OPERATOR",
  /** A `(` never closed. */
  UnclosedParenthesis = "UNCLOSED_PARENTHESIS",
  /** Parentheses or calls nested deeper than the depth cap. */
  TooDeep = "TOO_DEEP",
  /** More operators, operands and calls than the size cap. */
  TooLarge = "TOO_LARGE",
  /** A name that is neither a quantity nor a dimension of the part. */
  UnknownName = "UNKNOWN_NAME",
  /** A call of something that is not one of the language's functions. */
  UnknownFunction = "UNKNOWN_FUNCTION",
  /** A function given too few or too many arguments. */
  WrongArgumentCount = "WRONG_ARGUMENT_COUNT",
  /** An argument of the wrong sort: a matrix where a size is needed, an axis other than 0 or 1. */
  InvalidArgument = "INVALID_ARGUMENT",
  /** `x ** y` where y is not a constant number. */
  ExponentNotConstant = "EXPONENT_NOT_CONSTANT",
  /** Operand shapes that do not fit the operation. */
  ShapeMismatch = "SHAPE_MISMATCH",
  /** An answer whose shape is not the one the part asks for. */
  WrongAnswerShape = "WRONG_ANSWER_SHAPE",
  /** `grad(...)` outside a reference, or nested. */
  GradNotAllowed = "GRAD_NOT_ALLOWED",
  /** A call of a function the part asks to be written out (`softmax` where it asks for exp and sum). */
  FunctionNotAllowed = "FUNCTION_NOT_ALLOWED",
  /** More computation than the evaluation-cost cap allows (limits.ts). */
  TooCostly = "TOO_COSTLY",
}

/** Both operand shapes of a mismatch, so that the UI can show them next to the underline. */
export interface ShapeMismatchDetails {
  operator: string;
  left: Shape;
  right?: Shape;
}

export class ExprError extends TypedError {
  readonly code: ExprErrorCode;
  /** Start of the offending text, in UTF-16 code units. */
  readonly offset: number;
  /** Length of the offending text (0 at the end of the input). */
  readonly length: number;
  /** What is wrong, without the hint. */
  readonly reason: string;
  /** A suggestion, already part of the message; kept apart for UIs that show it on its own. */
  readonly hint?: string;
  readonly shapes?: ShapeMismatchDetails;

  constructor(
    code: ExprErrorCode,
    message: string,
    location: { offset: number; length: number },
    extra: { hint?: string; shapes?: ShapeMismatchDetails } = {},
  ) {
    super("ExprError", extra.hint ? `${message}; ${extra.hint}` : message);
    this.code = code;
    this.offset = location.offset;
    this.length = location.length;
    this.reason = message;
    this.hint = extra.hint;
    this.shapes = extra.shapes;
  }

  /** A plain object for JSON responses. */
  override toJSON(): { code: ExprErrorCode; message: string; offset: number; length: number; hint?: string } {
    return { code: this.code, message: this.message, offset: this.offset, length: this.length, ...(this.hint ? { hint: this.hint } : {}) };
  }
}

/**
 * A mistake in a part's specification (an author's, not a student's): a
 * reference that does not parse, a definition that refers to itself, ranges
 * too narrow to draw distinct dimensions. `path` says where in the spec.
 */
export class SpecError extends TypedError {
  readonly path: string;
  /** The expression error behind it, when there is one (a definition that does not parse or fit). */
  readonly exprCode?: ExprErrorCode;

  constructor(path: string, message: string, exprCode?: ExprErrorCode) {
    super("SpecError", `${path}: ${message}`);
    this.path = path;
    if (exprCode !== undefined) this.exprCode = exprCode;
  }
}
