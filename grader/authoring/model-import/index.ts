/**
 * From a pasted PyTorch model to a problem document (a shape-and-parameter
 * table): parse-model.ts reads the text without running any of it,
 * to-document.ts writes the document that the problem editor then
 * previews, validates and publishes like any other.
 */
export { ModelImportError, ModelImportErrorCode, type TextPosition } from "./errors";
export { MODEL_IMPORT_LIMITS } from "./limits";
export { parseModel, parseInputShape, type ParsedLayer } from "./parse-model";
export { modelToDocument, DEFAULT_SPREAD, type ModelImport, type ModelImportOptions } from "./to-document";
