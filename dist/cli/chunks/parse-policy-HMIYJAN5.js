import {
  formatKey,
  parsePolicy,
  readPolicyFile
} from "./chunk-K4E3YZAN.js";
import "./chunk-WVARKXY4.js";
import "./chunk-DRH4ZT43.js";
export {
  formatKey,
  parsePolicy,
  readPolicyFile
};
