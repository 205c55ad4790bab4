/**
 * The base of every typed error, in the grader and in the app (lib/errors.ts):
 * its name, set explicitly because bundlers may rename classes, and one
 * pair of functions to send it across a boundary as plain data. A thrown
 * error loses its class and fields crossing a worker thread (structured
 * clone keeps only an Error's message), and a server bundle's copy of a
 * class is not another bundle's copy; `toJSON` and `fromJSON` are the one
 * way to carry it over and rebuild it as the receiving side's own class.
 */

/**
 * An error as plain data: its message and its own fields (code, path,
 * details…), and the name of its class, which `fromJSON` needs. The JSON of
 * an API-shaped error has no name.
 */
export interface TypedErrorJSON {
  name?: string;
  message: string;
}

/** A class that `fromJSON` may rebuild, keyed by the name its instances carry. */
export type TypedErrorClasses = Record<string, abstract new (...args: never[]) => TypedError>;

export abstract class TypedError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }

  /**
   * The name, message and every own field. Classes whose JSON is part of an
   * API (AnswerError, ExprError, DocumentError) shape it their own way;
   * those travel inside values, never as a thrown error between threads.
   */
  toJSON(): TypedErrorJSON {
    return { ...this, name: this.name, message: this.message };
  }

  /**
   * The error `json` describes, as an instance of the class of that name
   * among `classes` (so `instanceof` holds on this side), with its fields;
   * undefined when none of them has that name. The class's constructor is
   * not run: the fields are the sender's, as they were.
   */
  static fromJSON(json: TypedErrorJSON, classes: TypedErrorClasses): TypedError | undefined {
    const errorClass = json.name !== undefined && Object.hasOwn(classes, json.name) ? classes[json.name] : undefined;
    if (!errorClass) return undefined;
    const error = Reflect.construct(Error, [json.message], errorClass) as TypedError;
    const { message: _message, ...fields } = json;
    return Object.assign(error, fields);
  }
}
