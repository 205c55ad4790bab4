/**
 * Caps on what a problem document may ask of the server. A document comes
 * from an instructor's browser, so like a student's answer it must not be
 * able to stall a worker: its text, its counts of things and the sizes it
 * can draw are all bounded before anything is computed. Expressions inside
 * it are held to grader/expr's own caps (DEFAULT_LIMITS).
 *
 * The figures are far above any problem of the handout: Section 07's
 * largest problem has 20 parts, 5 variables and 8 layers.
 */
export const DOCUMENT_LIMITS = Object.freeze({
  /** Characters of the document's text (JSON or YAML), before it is parsed. */
  maxTextLength: 200_000,
  /** YAML aliases (`*anchor`), which could otherwise multiply a small text into a huge tree. */
  maxYamlAliases: 100,
  maxParts: 50,
  maxDimensions: 16,
  maxVariables: 32,
  maxDefinitions: 64,
  maxNetworks: 4,
  maxLayers: 32,
  /** Largest size a dimension may take: bounds every variable and every network. */
  maxDimensionSize: 4096,
  /** Entries of one drawn variable at the largest sizes its dimensions can take. */
  maxVariableEntries: 10_000,
  /** Characters of the statement, and of each prompt, hint and message. */
  maxStatementLength: 20_000,
  maxTextFieldLength: 4_000,
  maxHints: 10,
  maxSamples: 20,
  maxKnownMistakes: 20,
  /** Redraws of a variant's dimensions before its constraints are declared unsatisfiable. */
  maxDimensionDraws: 1_000,
  /** Redraws of one entry that must be nonzero. */
  maxEntryDraws: 100,
  /**
   * Work a document may cause at each stage, in grader/expr's cost units
   * (about a nanosecond each; grader/authoring/cost.ts counts them). Compiling
   * runs where a stored document is first read, so it is kept to a few
   * hundredths of a second; a variant build and a seed of validation run in
   * a worker thread, and 50 seeds of the heaviest document stay within a few
   * seconds. The handout's problems cost thousands of times less.
   */
  maxCompileCost: 50_000_000,
  maxVariantCost: 50_000_000,
  maxSeedCost: 50_000_000,
});
