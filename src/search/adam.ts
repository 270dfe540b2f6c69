/** Options of `Adam`; the defaults are PyTorch's (and Kingma & Ba 2015's). */
export interface AdamOptions {
  readonly lr: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
}

/**
 * The Adam optimiser (Kingma & Ba 2015) over one flat parameter vector, written out so that a strategy needs no
 * tensor library: bias-corrected first and second moments, `param -= lr * m̂ / (sqrt(v̂) + eps)` as PyTorch does.
 */
export class Adam {
  readonly options: AdamOptions;
  private readonly m: Float64Array;
  private readonly v: Float64Array;
  private steps = 0;

  /** @param size the number of parameters this optimiser will update. */
  constructor(size: number, options: Partial<AdamOptions> = {}) {
    this.options = { lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8, ...options };
    this.m = new Float64Array(size);
    this.v = new Float64Array(size);
  }

  /** One descent step: updates `params` in place along the gradient `grad` of the loss (same length). */
  step(params: Float64Array, grad: Float64Array): void {
    const { lr, beta1, beta2, eps } = this.options;
    this.steps++;
    const c1 = 1 - beta1 ** this.steps;
    const c2 = 1 - beta2 ** this.steps;
    for (let i = 0; i < params.length; i++) {
      const g = grad[i] as number;
      const m = (this.m[i] = beta1 * (this.m[i] as number) + (1 - beta1) * g);
      const v = (this.v[i] = beta2 * (this.v[i] as number) + (1 - beta2) * g * g);
      params[i] = (params[i] as number) - (lr * (m / c1)) / (Math.sqrt(v / c2) + eps);
    }
  }
}
