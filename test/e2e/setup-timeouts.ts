// e2e steps wait for real conditions (Orthanc up, viewer rendered) on a shared 2-core machine; a test only fails
// on its own assertion or on these generous ceilings, never on a short default.
jest.setTimeout(20 * 60 * 1000);
