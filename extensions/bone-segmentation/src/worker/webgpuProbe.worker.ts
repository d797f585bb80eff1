/**
 * Answers one question, "does this browser give us a WebGPU adapter?", in a worker of its own: on GPU-less
 * Chromium requestAdapter() can block its thread for 20 s, and a blocked probe worker is simply terminated.
 */
const scope = globalThis as unknown as {
  navigator: { gpu?: { requestAdapter(): Promise<unknown> } };
  postMessage(message: boolean): void;
};

const gpu = scope.navigator.gpu;
if (!gpu) scope.postMessage(false);
else
  gpu.requestAdapter().then(
    (adapter) => scope.postMessage(Boolean(adapter)),
    () => scope.postMessage(false),
  );
