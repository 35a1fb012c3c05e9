// src/cli/io.ts
var UsageError = class extends Error {
  name = "UsageError";
};

export {
  UsageError
};
