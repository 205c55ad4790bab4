import "server-only";
import { exportDocument } from "@/grader/authoring";
import { modelToDocument, ModelImportError, type TextPosition } from "@/grader/authoring/model-import";
import { AppError } from "@/lib/errors";

export interface ImportPytorchModelOptions {
  model: string;
  inputShape: string;
  spreadPercent: number;
  slug: string;
  title: string;
}

export interface ImportedModel {
  /** The problem document, as YAML: what the problem editor opens. */
  text: string;
  /** What the instructor should know about it (sizes left fixed, parts left out). */
  notes: string[];
}

/**
 * A pasted PyTorch model as a problem document (grader/authoring/model-import):
 * read without running any of it, within fixed caps on length and nesting,
 * so it is done here rather than in a worker thread. A model that cannot
 * be imported is AppError INVALID_INPUT, with the line and column in
 * `details.position` where there is one. The caller checks who may ask.
 */
export function importPytorchModel(options: ImportPytorchModelOptions): ImportedModel {
  try {
    const { document, notes } = modelToDocument({
      model: options.model,
      inputShape: options.inputShape,
      spread: options.spreadPercent / 100,
      slug: options.slug,
      title: options.title,
    });
    return { text: exportDocument(document, "yaml"), notes };
  } catch (error) {
    if (!(error instanceof ModelImportError)) throw error;
    const position: TextPosition | null = error.position;
    throw new AppError("INVALID_INPUT", `The model cannot be imported: ${error.message}`, { code: error.code, position });
  }
}
