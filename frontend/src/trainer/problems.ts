// Why a model cannot be used for a bounty, in the verifier's words: "refused" when the model breaks the convention
// before it runs (Java's ModelInspector), "failed" when its run does (Java's InferenceWorker). `verdict` is the text
// the verifier reports for the same model, so a trainer sees in the browser what the verifier would say.
export class ModelProblem extends Error {
  constructor(readonly stage: "refused" | "failed", message: string) {
    super(message);
    this.name = "ModelProblem";
  }

  /** "refused: …" or "failed: …", as the verifier's report says it. */
  get verdict(): string {
    return `${this.stage}: ${this.message}`;
  }
}
