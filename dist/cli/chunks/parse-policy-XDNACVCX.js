import {
  formatKey,
  parsePolicy,
  readPolicyFile
} from "./chunk-55HHP67T.js";
import "./chunk-YR4D2JEI.js";
import "./chunk-XWPS7AW7.js";
export {
  formatKey,
  parsePolicy,
  readPolicyFile
};
