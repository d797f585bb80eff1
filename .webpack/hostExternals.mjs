// The host viewer owns Cornerstone, OHIF and React. A second copy in our bundle would split their global state
// (tool groups, caches, React hooks -> error #321), so a value import of any of them fails the build.
// Type-only imports are fine: swc erases them. At runtime take the host's objects, e.g.
// extensions/bone-segmentation/src/host/cornerstone.ts.
const HOST_OWNED = /^(@cornerstonejs\/|@ohif\/|react$|react-dom($|\/)|react\/)/;

export function hostExternals({ request, contextInfo }, callback) {
  if (request && HOST_OWNED.test(request)) {
    const from = contextInfo?.issuer ? ` (imported by ${contextInfo.issuer})` : '';
    callback(
      new Error(
        `"${request}" belongs to the host viewer and must not be bundled${from}. ` +
          'Use `import type` for its types and get the runtime object from the host.',
      ),
    );
    return;
  }
  callback();
}
