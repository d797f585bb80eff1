// Packages without type declarations that the CLI uses through a narrow, locally typed surface.
declare module 'dcmjs';
declare module '@cornerstonejs/codec-openjpeg/decodewasmjs';
declare module 'jpeg-lossless-decoder-js';
