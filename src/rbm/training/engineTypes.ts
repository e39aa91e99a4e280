/**
 * The contract between the training loop and its engines (the ONNX engine in onnx/ implements the fused one).
 * It sits apart from engines.ts, which loads the ONNX engine, so that onnx/engine.ts can import these types
 * without an import cycle.
 */
import type { RBMParams } from '../types';
import type { CDBatch, CDEngine } from './cdStep';
import type { UpdateSettings } from './update';

/** What the ONNX engine's graph is specialised for (one graph per model shape and training method). */
export interface EngineSpec {
  k: number;
  pcd: boolean;
  sampleVisible: boolean;
  /**
   * Whether the engine may also do the parameter update (an engine with {@link FusedCDEngine.trainStep}). fit()
   * asks for it unless a sparsity penalty is on, whose gradient is added in JS before the update.
   */
  fuseUpdate?: boolean;
  /**
   * With `fuseUpdate`: how many mini-batches {@link MultiStepEngine.trainSteps} may take per call
   * (an engine may run fewer, see its `stepsPerCall`). Default 1.
   */
  stepsPerCall?: number;
  /** With `stepsPerCall` > 1: measure the update ratio after every `measureEvery`-th step of a call, from the first. */
  measureEvery?: number;
  /**
   * With `fuseUpdate`: the numbers of batches per call the caller will use (1 = `trainStep`), so the engine can
   * build those graphs up front, outside the timed epochs. Default: 1 and `stepsPerCall`. Others open on first use.
   */
  callSizes?: number[];
  /** With `fuseUpdate` and a learned σ: the floor of σ (fit()'s MIN_SIGMA; default 0.05). */
  minSigma?: number;
}

/** The momentum buffers that fit() keeps between steps (and checkpoints). */
export interface Velocities {
  W: Float32Array;
  visibleBias: Float32Array;
  hiddenBias: Float32Array;
  /** Learned σ: the velocity of z = log σ² (the fused engines update σ too). */
  logVariance?: Float32Array;
}

/** What {@link FusedCDEngine.trainStep} reports besides updating the parameters. */
export interface TrainStepResult {
  /** Mean p(hⱼ = 1 | v₀) over the batch. */
  hiddenMean: Float32Array;
  /** With `measure`: ‖ΔW‖² and ‖W‖² after the update (for the weight/update ratio); else NaN. */
  updateSq: number;
  valueSq: number;
  /** Gaussian with learned σ: the gradient w.r.t. log σ² (already applied to σ: for tests and monitoring). */
  dLogVariance?: Float32Array;
  /** PCD only: the chains' new visible states (the engine's buffer: valid until its next step; copy it). */
  chain?: Float32Array;
}

/**
 * An engine that runs a whole training step: the CD-k gradient and the momentum / weight-decay update of
 * `momentumStep` (src/rbm/training/update.ts) for W and both biases, and with a learned σ fit()'s σ step (momentum
 * on z = 2 log σ, log σ floored at log `minSigma`), writing the new values into `params` and `velocity` in place.
 * It must equal `gradient()` followed by those updates (tested in test/rbm/onnxStep.test.ts).
 */
export interface FusedCDEngine extends CDEngine {
  trainStep(params: RBMParams, velocity: Velocities, batch: CDBatch, settings: UpdateSettings, measure?: boolean): Promise<TrainStepResult>;
}

/** What {@link MultiStepEngine.trainSteps} reports besides updating the parameters. */
export interface TrainStepsResult {
  /** Per step: mean p(hⱼ = 1 | v₀) over that step's batch (views into one array, valid until the next call). */
  hiddenMeans: Float32Array[];
  /** Per step: the hidden biases after that step (views into one array, valid until the next call). */
  hiddenBiases: Float32Array[];
  /**
   * Per step: ‖ΔW‖² and ‖W‖² after that step, for the steps the engine measures (every `measureEvery`-th from the
   * first, summed in float64 inside the graph); NaN for the others.
   */
  updateSq: number[];
  valueSq: number[];
  /** PCD only: the chains' visible states after the last step (the engine's buffer: copy it). */
  chain?: Float32Array;
}

/**
 * A fused engine that can also run several training steps in one call: the same result, up to float32 rounding of
 * the measured sums, as `trainStep` on each batch in turn (tested in test/rbm/onnxSteps.test.ts), but the
 * parameters cross between JS and the runtime once per call instead of once per step.
 */
export interface MultiStepEngine extends FusedCDEngine {
  /** The most batches `trainSteps` takes (1: it takes none, use `trainStep`). */
  readonly stepsPerCall: number;
  /** Runs `batches.length` (2 to `stepsPerCall`, all with the same number of rows) steps in order. */
  trainSteps(params: RBMParams, velocity: Velocities, batches: CDBatch[], settings: UpdateSettings): Promise<TrainStepsResult>;
}
