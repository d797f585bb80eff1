// Runs the exported model in onnxruntime-node on a raw float32 volume: node verify_onnx.mjs model.onnx in.f32 D H W out.f32
import { readFileSync, writeFileSync } from 'node:fs';
import * as ort from 'onnxruntime-node';

const [model, input, d, h, w, output] = process.argv.slice(2);
const dims = [1, 1, Number(d), Number(h), Number(w)];
const buf = readFileSync(input);
const data = new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4);
const session = await ort.InferenceSession.create(model, { intraOpNumThreads: 2 });
const t0 = performance.now();
const out = await session.run({ [session.inputNames[0]]: new ort.Tensor('float32', data, dims) });
const ms = performance.now() - t0;
const logits = out[session.outputNames[0]];
writeFileSync(output, Buffer.from(logits.data.buffer, logits.data.byteOffset, logits.data.byteLength));
console.log(JSON.stringify({ dims: logits.dims, ms: Math.round(ms) }));
