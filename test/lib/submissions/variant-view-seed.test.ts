// Issue 10: the variant a student's browser receives must not carry its
// seed (with the bank's source, a seed recomputes every reference). The
// browser used the seed only to shuffle choice options, so the server now
// sends the options in the variant's order instead.
import { choiceOrder, type SpecOf } from "@/grader/answers";
import { BANK, getBankProblem } from "@/grader/bank";
import { buildVariant, gradePart } from "@/grader/problems";
import { getVariantView } from "@/lib/submissions/get-variant-view";
import { submitAnswers } from "@/lib/submissions/submit-answers";
import { listSubmissionHistory } from "@/lib/submissions/list-submission-history";
import { describeEachDatabase, useTestDatabase } from "@/test/harness/test-database";
import { createCourseFixture } from "../../support/course-fixture";

/** Every path to a key named "seed" (any case) in a JSON-like value, however deep. */
function seedKeys(value: unknown, path = "$"): string[] {
  if (Array.isArray(value)) return value.flatMap((entry, i) => seedKeys(entry, `${path}[${i}]`));
  if (value === null || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([key, entry]) => [
    ...(/seed/i.test(key) ? [`${path}.${key}`] : []),
    ...seedKeys(entry, `${path}.${key}`),
  ]);
}

/** The seed written as a number of its own in JSON text (not as digits inside a longer number). */
function mentionsNumber(text: string, value: number): boolean {
  return new RegExp(`(?<![\\d.])${value}(?![\\d.]|e)`).test(text);
}

const CHAIN_RULE_CHOICE = "a.conditions";

function fullChoiceSpec(seed: number): SpecOf<"choice"> {
  const spec = buildVariant(getBankProblem("chain-rule"), seed).parts.find((part) => part.id === CHAIN_RULE_CHOICE)!.answer;
  if (spec.kind !== "choice") throw new Error(`${CHAIN_RULE_CHOICE} is not a choice part`);
  return spec;
}

function publicOptionIds(seed: number): string[] {
  const spec = buildVariant(getBankProblem("chain-rule"), seed).public.parts.find((part) => part.id === CHAIN_RULE_CHOICE)!.answer;
  if (spec.kind !== "choice") throw new Error(`${CHAIN_RULE_CHOICE} is not a choice part`);
  return spec.options.map((option) => option.id);
}

describe("the public view of a variant", () => {
  it("has no seed field at any depth, for every bank problem", () => {
    for (const { problem } of BANK) {
      for (const seed of [0, 7, 123_456_789]) {
        const variant = buildVariant(problem, seed);
        expect(variant.seed).toBe(seed);
        expect({ slug: problem.slug, seed, keys: seedKeys(variant.public) }).toEqual({ slug: problem.slug, seed, keys: [] });
      }
    }
  });

  it("finds a seed key where there is one, so that an empty scan means something", () => {
    expect(seedKeys({ parts: [{ answer: { options: [{ id: "a" }] } }, { variantSeed: 3 }] })).toEqual(["$.parts[1].variantSeed"]);
  });

  it("lists a choice part's options in the variant's shuffled order, marked as not to be shuffled again", () => {
    for (const seed of [1, 2, 3, 99]) {
      const expected = choiceOrder(fullChoiceSpec(seed), seed).map((option) => option.id);
      expect(publicOptionIds(seed)).toEqual(expected);
      const spec = buildVariant(getBankProblem("chain-rule"), seed).public.parts.find((part) => part.id === CHAIN_RULE_CHOICE)!.answer;
      expect(spec.kind === "choice" && spec.shuffle).toBe(false);
      // The option feedback (what a wrong pick is told) stays on the server.
      expect(spec.kind === "choice" && spec.options.every((option) => Object.keys(option).sort().join() === "id,text")).toBe(true);
    }
  });

  it("gives the same order for the same variant and different orders across seeds", () => {
    expect(publicOptionIds(42)).toEqual(publicOptionIds(42));
    const orders = new Set(Array.from({ length: 12 }, (_, i) => publicOptionIds(i + 1).join(",")));
    // Five options have 120 orders; twelve seeds landing on one order would mean no shuffle at all.
    expect(orders.size).toBeGreaterThan(1);
    for (const order of orders) expect(order.split(",").sort()).toEqual(["f-at-gx", "f-everywhere", "g-at-x", "invertible", "same-size"]);
  });

  it("grades choices by option id, whatever positions the shuffle gave them", () => {
    const rightPositions = new Set<string>();
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const variant = buildVariant(getBankProblem("chain-rule"), seed);
      const shown = publicOptionIds(seed);
      rightPositions.add(["f-at-gx", "g-at-x"].map((id) => shown.indexOf(id)).join());
      expect(gradePart(variant, CHAIN_RULE_CHOICE, ["g-at-x", "f-at-gx"]).score).toBe(1);
      expect(gradePart(variant, CHAIN_RULE_CHOICE, ["f-at-gx", "g-at-x", "invertible"]).score).toBeLessThan(1);
    }
    // The right options were shown at different positions across these seeds, and scored 1 every time.
    expect(rightPositions.size).toBeGreaterThan(1);
  });
});

describeEachDatabase("what a student is sent about their variant", (provider) => {
  const testDb = useTestDatabase(provider);

  it("carries neither a seed field nor the stored seed's value, in the view, a graded submission or the history", async () => {
    const { addUser } = await createCourseFixture(testDb.db, { slugs: ["chain-rule", "zero-init"] });
    const student = await addUser("STUDENT");
    for (const slug of ["chain-rule", "zero-init"]) {
      const view = await getVariantView({ db: testDb.db, userId: student.id, slug });
      const submitted = await submitAnswers({
        db: testDb.db,
        userId: student.id,
        slug,
        answers: slug === "chain-rule" ? { [CHAIN_RULE_CHOICE]: ["g-at-x"] } : { "d.symmetry": "2" },
      });
      const history = await listSubmissionHistory({ db: testDb.db, userId: student.id, slug });
      const { seed } = await testDb.db.variant.findFirstOrThrow({ where: { userId: student.id, problem: { slug } } });
      for (const sent of [view, submitted, history]) {
        expect(seedKeys(sent)).toEqual([]);
        expect(mentionsNumber(JSON.stringify(sent), seed)).toBe(false);
      }
    }
  });

  it("shows the same option order on every load, the order the stored seed gives, and another order for other seeds", async () => {
    const { addUser } = await createCourseFixture(testDb.db, { slugs: ["chain-rule"] });
    const viewOrder = async (userId: string) => {
      const { variant } = await getVariantView({ db: testDb.db, userId, slug: "chain-rule" });
      const spec = variant.parts.find((part) => part.id === CHAIN_RULE_CHOICE)!.answer;
      return spec.kind === "choice" ? spec.options.map((option) => option.id) : [];
    };
    const orders = new Set<string>();
    for (const forcedSeed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const student = await addUser("STUDENT");
      await viewOrder(student.id);
      // Pin the drawn seed to a known one, to compare orders across seeds deterministically.
      await testDb.db.variant.updateMany({ where: { userId: student.id }, data: { seed: forcedSeed } });
      const first = await viewOrder(student.id);
      expect(await viewOrder(student.id)).toEqual(first);
      expect(first).toEqual(choiceOrder(fullChoiceSpec(forcedSeed), forcedSeed).map((option) => option.id));
      orders.add(first.join(","));
    }
    expect(orders.size).toBeGreaterThan(1);
  });
});
