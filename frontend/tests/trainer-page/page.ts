// The page frontend/tests/trainer.test.ts builds with the UI's Vite config and opens in Chromium: the trainer
// library, reachable from the test as window.trainer.
import { cidOf } from "../../src/ipfs/unixfs";
import { parseFloat32 } from "../../src/trainer/float32";
import { keepKitThen, modelKit, readTrainerKit, withPredictions } from "../../src/kits/trainerKit";
import { loadModel } from "../../src/trainer/model";
import { predict } from "../../src/trainer/predict";

const trainer = { fileCid: cidOf, parseFloat32, keepKitThen, modelKit, readTrainerKit, withPredictions, loadModel, predict };
declare global {
  interface Window {
    trainer: typeof trainer;
  }
}
window.trainer = trainer;
