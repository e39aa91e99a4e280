/** The public names issue 3 promises are exported from the package root, and the ONNX protobuf writer encodes the wire format. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as api from '../../src';
import { ProtoWriter } from '../../src/rbm/onnx/protobuf';

test('the RBM stage exports its public contract', () => {
  for (const name of ['RBM', 'initBackend', 'backendName', 'DEFAULT_TRAIN_OPTIONS', 'AUTO_LEARNING_RATE', 'momentumStep', 'addSparsityGradient', 'drawCDNoise', 'epochRandom', 'cdGradientTf', 'ModelFormatError', 'DivergenceError']) {
    assert.ok(name in api, `${name} is exported`);
  }
  const rbm = new api.RBM({ nVisible: 3, nHidden: 2 });
  for (const method of ['fit', 'params', 'hiddenProbs', 'visibleMeans', 'reconstruct', 'freeEnergy', 'sample', 'save', 'toString']) {
    assert.equal(typeof (rbm as any)[method], 'function', method);
  }
  assert.equal(typeof api.RBM.load, 'function');
  assert.equal(typeof api.RBM.fromParams, 'function');
  assert.match(String(rbm), /^RBM\(bernoulli 3 visible → 2 hidden, 0 epochs trained/);
});

test('the RNN-RBM is exported with its methods (issue 9)', () => {
  for (const name of ['RNNRBM', 'DEFAULT_RNNRBM_TRAIN_OPTIONS', 'DEFAULT_RNNRBM_GENERATE_OPTIONS', 'fitRNNRBM', 'saveRNNRBM', 'loadRNNRBM', 'rnnrbmFrameLogLikelihood']) {
    assert.ok(name in api, `${name} is exported`);
  }
  const m = new api.RNNRBM({ nVisible: 3, nHidden: 2, nRecurrent: 2 });
  for (const method of ['fit', 'params', 'states', 'biases', 'freeEnergy', 'predictSequence', 'predictNext', 'generate', 'save', 'toString']) {
    assert.equal(typeof (m as any)[method], 'function', method);
  }
  assert.equal(typeof api.RNNRBM.load, 'function');
  assert.match(String(m), /^RNNRBM\(bernoulli 3 visible → 2 hidden, 2 recurrent, 0 epochs trained\)$/);
});

test('ProtoWriter: varints, negative int64, floats, strings and nested messages follow the protobuf wire format', () => {
  assert.deepEqual(Array.from(new ProtoWriter().int(1, 150).finish()), [0x08, 0x96, 0x01]); // the protobuf docs' example
  assert.deepEqual(Array.from(new ProtoWriter().int(2, -1).finish()), [0x10, ...Array(9).fill(0xff), 0x01]);
  assert.deepEqual(Array.from(new ProtoWriter().string(2, 'testing').finish()), [0x12, 0x07, 0x74, 0x65, 0x73, 0x74, 0x69, 0x6e, 0x67]);
  assert.deepEqual(Array.from(new ProtoWriter().float(2, 1).finish()), [0x15, 0x00, 0x00, 0x80, 0x3f]);
  assert.deepEqual(Array.from(new ProtoWriter().message(3, new ProtoWriter().int(1, 150)).finish()), [0x1a, 0x03, 0x08, 0x96, 0x01]);
});
