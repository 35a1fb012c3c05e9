import {
  formatKey,
  parsePolicy,
  readPolicyFile
} from "./chunk-H7D7LJGZ.js";
import "./chunk-WVARKXY4.js";
import "./chunk-DRH4ZT43.js";
export {
  formatKey,
  parsePolicy,
  readPolicyFile
};
