/**
 * How a model class offers `fit()`, `save()` and `load()` without importing the code that does them.
 *
 * The arrows in src/rbm point one way: training/ and storage/ import the models, never the reverse, so reading
 * models/RBM.ts pulls in no engine, loop or file format. The model keeps the methods (the public API a learner
 * calls) and forwards each one to a function that the training or storage module hands in when it is loaded:
 * `rbmDelegates.provide({ fit: trainRBM })` in training/fit.ts. src/rbm/index.ts imports those
 * modules, so anyone who imports the stage (`./src/rbm`, `./src`) gets a model whose methods work.
 *
 * We chose this small registry over the alternatives: a lazy `require('../training/fit')` inside the method is the
 * same import in disguise (and cycle checkers see it), and free functions only (`trainRBM(rbm, data)`) would
 * break the `rbm.fit(data)` API that the notebooks and earlier issues promise.
 */
import { RbmMusicError } from '../../errors';

/** A set of named functions that other modules provide for a model class. */
export class Delegates<T extends { [name: string]: (...args: any[]) => any }> {
  private readonly impl: Partial<T> = {};

  /**
   * @param owner the model class, for messages (e.g. 'RBM').
   * @param where the module that provides each function, for the message when it has not been loaded.
   */
  constructor(private readonly owner: string, private readonly where: { [K in keyof T]: string }) {}

  /** Called once by the module that implements the functions (a later call replaces them, e.g. in a test). */
  provide(impl: Partial<T>): void {
    Object.assign(this.impl, impl);
  }

  /**
   * The function registered as `name`.
   * @throws RbmMusicError naming the module to import when nothing provided it (the model file was imported on its own).
   */
  get<K extends keyof T>(name: K): T[K] {
    const f = this.impl[name];
    if (!f) {
      throw new RbmMusicError(`${this.owner}.${String(name)}: the code behind it (src/rbm/${this.where[name]}) is not loaded; ` +
        `import the model from the stage ('src/rbm' or 'src'), not from src/rbm/models/ directly`);
    }
    return f as T[K];
  }
}
