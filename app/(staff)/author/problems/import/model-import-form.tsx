"use client";

import { useState, type FormEvent } from "react";
import { LAYER_TYPES } from "@/grader/autograd";
import { ProblemEditor } from "../problem-editor";
import { importModelAction } from "./actions";

export interface ModelImportFormProps {
  courseId: string;
  courseTitle: string;
  assessments: { id: string; title: string }[];
}

const EXAMPLE = `nn.Sequential(
    nn.Conv2d(3, 16, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.MaxPool2d(2),
    nn.Flatten(),
    nn.Linear(16 * 16 * 16, 10),
)`;

type Imported = { text: string; notes: string[]; key: number };

/**
 * The import form: the model's text is sent to the server, which reads it
 * (never runs it) and answers with a problem document or a message saying
 * what is wrong. The document then opens in the problem editor below, for
 * preview, validation on 50 seeds and publishing like any other.
 */
export function ModelImportForm({ courseId, courseTitle, assessments }: ModelImportFormProps) {
  const [model, setModel] = useState("");
  const [inputShape, setInputShape] = useState("(1, 3, 32, 32)");
  const [spreadPercent, setSpreadPercent] = useState("50");
  const [slug, setSlug] = useState("imported-model");
  const [title, setTitle] = useState("Shapes and parameters of a network");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [imported, setImported] = useState<Imported | null>(null);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const outcome = await importModelAction({
      courseId,
      model,
      inputShape,
      spreadPercent: Number(spreadPercent),
      slug,
      title,
    }).catch(() => null);
    setBusy(false);
    if (!outcome) return setError("The server could not be reached; try again.");
    if (!outcome.ok) return setError(outcome.message);
    setImported({ text: outcome.text, notes: outcome.notes, key: (imported?.key ?? 0) + 1 });
  }

  return (
    <>
      <form className="card" onSubmit={onSubmit} aria-labelledby="import-heading">
        <h2 id="import-heading">The model</h2>
        <p className="muted pe-small">
          Paste an <code>nn.Sequential(...)</code> expression or what <code>print(model)</code> shows. The text is only read, never run. A
          printed module lists its children in the order they were registered, which must be the order its <code>forward</code> calls them.
          Supported layers: {LAYER_TYPES.join(", ")}.
        </p>
        <label htmlFor="import-model">Model</label>
        <textarea
          id="import-model"
          value={model}
          onChange={(event) => setModel(event.target.value)}
          rows={12}
          className="pe-paste"
          spellCheck={false}
          placeholder={EXAMPLE}
          required
        />
        <label htmlFor="import-input-shape">Input shape, batch first</label>
        <input id="import-input-shape" value={inputShape} onChange={(event) => setInputShape(event.target.value)} required />
        <label htmlFor="import-spread">Sizes vary by up to ± (percent)</label>
        <input
          id="import-spread"
          type="number"
          min={0}
          max={90}
          step={5}
          value={spreadPercent}
          onChange={(event) => setSpreadPercent(event.target.value)}
        />
        <p className="muted pe-small">
          Each student draws the input&apos;s size, its channels or features, and each layer&apos;s output channels or features within this
          range of the pasted values (0 gives everyone the pasted model). Seed 0 is the model as pasted. The ranges are the document&apos;s{" "}
          <code>dimensions</code>: change them there afterwards if you like.
        </p>
        <label htmlFor="import-slug">Slug</label>
        <input id="import-slug" value={slug} onChange={(event) => setSlug(event.target.value)} required />
        <label htmlFor="import-title">Title</label>
        <input id="import-title" value={title} onChange={(event) => setTitle(event.target.value)} required />
        <div className="button-row">
          <button type="submit" disabled={busy}>
            {busy ? "Reading the model…" : "Make the problem"}
          </button>
        </div>
        {error && (
          <p className="error" role="alert" data-testid="import-error">
            {error}
          </p>
        )}
        {imported && (
          <div className="pe-report pe-report-ok" role="status" data-testid="import-done">
            The problem document is in the editor below: preview it, validate it on 50 seeds and publish it.
            {imported.notes.length > 0 && (
              <ul>
                {imported.notes.map((note) => (
                  <li key={note}>{note}</li>
                ))}
              </ul>
            )}
          </div>
        )}
      </form>
      {imported && (
        <ProblemEditor
          key={imported.key}
          courseId={courseId}
          courseTitle={courseTitle}
          initialText={imported.text}
          draftKey={`${courseId}.import.${imported.key}`}
          assessments={assessments}
        />
      )}
    </>
  );
}
