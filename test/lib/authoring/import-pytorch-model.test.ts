// The server side of "Import a PyTorch model": the request schema and the
// lib function the action calls, which must answer every model with a
// document or an AppError the form can show (never another error).
import { checkDocumentText } from "@/app/components/author/document-diagnostics";
import { importPytorchModel } from "@/lib/authoring/import-pytorch-model";
import { modelImportInputSchema } from "@/lib/authoring/requests";
import { AppError } from "@/lib/errors";
import { validateProblem } from "@/grader/problems";

const OPTIONS = { inputShape: "(1, 3, 16, 16)", spreadPercent: 50, slug: "tiny-cnn", title: "A tiny CNN" };

describe("importPytorchModel", () => {
  it("answers a model with a YAML document that the editor compiles and that validates on 50 seeds", () => {
    const { text, notes } = importPytorchModel({
      ...OPTIONS,
      model: "nn.Sequential(nn.Conv2d(3, 4, 3, padding=1), nn.ReLU(), nn.Flatten())",
    });
    expect(notes).toEqual([]);
    expect(text).toMatch(/^slug: tiny-cnn\ntitle: A tiny CNN\n/);
    const check = checkDocumentText(text, "yaml");
    expect(check.diagnostics).toEqual([]);
    expect(check.problem!.parts.map((part) => part.id)).toEqual(["a.1", "a.1.h", "b.1", "b.1.dense", "a.2", "b.2", "a.3", "b.3"]);
    expect(validateProblem(check.problem!, 50).failures).toEqual([]);
  });

  it("answers a model it cannot import with AppError INVALID_INPUT, its message naming the layer and its position in details", () => {
    let thrown: unknown;
    try {
      importPytorchModel({ ...OPTIONS, model: "nn.Sequential(\n  nn.Upsample(scale_factor=2))" });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AppError);
    const error = thrown as AppError;
    expect(error.code).toBe("INVALID_INPUT");
    expect(error.message).toMatch(/^The model cannot be imported: line 2, column 3: layer 1, Upsample: /);
    expect(error.details).toEqual({ code: "UNSUPPORTED_LAYER", position: { line: 2, column: 3 } });
  });
});

describe("modelImportInputSchema", () => {
  it("fills the defaults and trims the texts", () => {
    expect(modelImportInputSchema.parse({ courseId: "c1", model: "  nn.ReLU()\n", inputShape: " (1, 4) " })).toEqual({
      courseId: "c1",
      model: "nn.ReLU()",
      inputShape: "(1, 4)",
      spreadPercent: 50,
      slug: "imported-model",
      title: "Shapes and parameters of a network",
    });
  });

  it.each([
    ["an empty model", { model: "", inputShape: "(1, 4)" }, "Paste a model"],
    ["a model of 50,001 characters", { model: "x".repeat(50_001), inputShape: "(1, 4)" }, "A model is at most 50000 characters long."],
    ["an empty input shape", { model: "nn.ReLU()", inputShape: "" }, "Give the input shape"],
    ["a spread of 95 %", { model: "nn.ReLU()", inputShape: "(1, 4)", spreadPercent: 95 }, "spreadPercent"],
    ["a slug with spaces", { model: "nn.ReLU()", inputShape: "(1, 4)", slug: "Not A Slug" }, "A slug is lowercase letters"],
  ])("refuses %s", (_name, fields, message) => {
    const result = modelImportInputSchema.safeParse({ courseId: "c1", ...fields });
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error!.issues)).toContain(message);
  });
});
