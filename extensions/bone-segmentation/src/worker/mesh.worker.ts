/** The mesh worker: bone surfaces (STL files, or the 3D view's surfaces) off the main thread (a hip bone takes about a second). */
import { answerMeshRequest } from './answerMeshRequest';
import type { MeshRequest, MeshResponse } from './meshProtocol';

const scope = globalThis as unknown as {
  postMessage(message: MeshResponse, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<MeshRequest>) => void) | null;
};

scope.onmessage = (event) => {
  const { message, transfer } = answerMeshRequest(event.data, (done, total) => scope.postMessage({ type: 'progress', done, total }));
  scope.postMessage(message, transfer);
};
