/**
 * Errors in a student's raw input, located so that the UI can underline
 * them: an offset and length in the text (UTF-16 code units), or the cell of
 * a grid. Every such error makes an answer invalid, which never uses an
 * attempt.
 */
import { TypedError } from "../errors";
import type { ExprErrorCode } from "../expr";

export enum AnswerErrorCode {
  /** Nothing was entered. */
  Empty = "EMPTY",
  /** More characters or entries than any answer of this kind needs. */
  TooLong = "TOO_LONG",
  /** Not a number where one is needed (`1.2.3`, `abc`). */
  InvalidNumber = "INVALID_NUMBER",
  /** A number that is not a whole number, where one is needed. */
  NotAnInteger = "NOT_AN_INTEGER",
  /** Digit groups that are not groups of three (`1,18,0224`). */
  InvalidGrouping = "INVALID_GROUPING",
  /** Text that follows none of the accepted notations. */
  InvalidSyntax = "INVALID_SYNTAX",
  /** Rows of different lengths, or nested lists of different depths. */
  RaggedMatrix = "RAGGED_MATRIX",
  /** A matrix of another shape than the expected one. */
  WrongShape = "WRONG_SHAPE",
  /** A dimension symbol the part does not allow. */
  UnknownSymbol = "UNKNOWN_SYMBOL",
  /** A choice that is not one of the options. */
  UnknownOption = "UNKNOWN_OPTION",
  /** Several choices where one is asked for. */
  TooManyChoices = "TOO_MANY_CHOICES",
  /** An expression that does not parse or whose shapes do not fit: `exprCode` says which. */
  Expression = "EXPRESSION",
}

export interface AnswerErrorLocation {
  offset?: number;
  length?: number;
  /** Row and column of a grid cell (and deeper indices for a tensor). */
  cell?: number[];
}

export class AnswerError extends TypedError {
  readonly code: AnswerErrorCode;
  readonly offset?: number;
  readonly length?: number;
  readonly cell?: number[];
  /** For AnswerErrorCode.Expression: the expression language's own code. */
  readonly exprCode?: ExprErrorCode;

  constructor(code: AnswerErrorCode, message: string, location: AnswerErrorLocation = {}, exprCode?: ExprErrorCode) {
    super("AnswerError", message);
    this.code = code;
    if (location.offset !== undefined) this.offset = location.offset;
    if (location.length !== undefined) this.length = location.length;
    if (location.cell !== undefined) this.cell = location.cell;
    if (exprCode !== undefined) this.exprCode = exprCode;
  }

  /** The shape the API and the UI read (offset and length together). */
  override toJSON(): AnswerErrorJSON {
    return {
      code: this.code,
      message: this.message,
      ...(this.offset !== undefined ? { offset: this.offset, length: this.length ?? 0 } : {}),
      ...(this.cell !== undefined ? { cell: this.cell } : {}),
      ...(this.exprCode !== undefined ? { exprCode: this.exprCode } : {}),
    };
  }
}

export interface AnswerErrorJSON {
  code: AnswerErrorCode;
  message: string;
  offset?: number;
  length?: number;
  cell?: number[];
  exprCode?: ExprErrorCode;
}
