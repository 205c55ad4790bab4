import { describeRenderedTexts } from "../rendered-texts";

describeRenderedTexts("section-09");
