/** The mesh worker: bone surfaces and their STL files off the main thread (a hip bone takes about a second). */
import { boneStlFiles } from '../export/boneStlFiles';
import type { MeshRequest, MeshResponse } from './meshProtocol';

const scope = globalThis as unknown as {
  postMessage(message: MeshResponse, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<MeshRequest>) => void) | null;
};

scope.onmessage = (event) => {
  const request = event.data;
  if (request?.type !== 'mesh') return;
  try {
    const files = boneStlFiles(request.labels, request.geometry, request.values, request.modelVersion, {}, (done, total) =>
      scope.postMessage({ type: 'progress', done, total }),
    );
    scope.postMessage({ type: 'result', files }, files.map((f) => f.bytes.buffer as ArrayBuffer));
  } catch (error) {
    scope.postMessage({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  }
};
