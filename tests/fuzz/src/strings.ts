import fc from "fast-check";

/** Strings that have broken HTTP servers before: control characters, odd Unicode, sheer size. */
export const oddString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    "",
    " ",
    "\u0000",
    "a\u0000b",
    "\ud800",
    "x\udfff",
    "\u202egnp.exe",
    "\u05e9\u05dc\u05d5\u05dd",
    "\ud83d\ude00",
    "\r\n",
    "../../etc/passwd",
    "%00",
    "' OR 1=1 --",
    "prof_00000000-0000-0000-0000-000000000000",
    "null",
    "\ufeff",
  ),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.nat({ max: 3 }).map((k) => "x".repeat([64 * 1024, 2049, 65, 129][k] ?? 1)),
);

/** Any JSON value, of the wrong type more often than not. */
export const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  oddString,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.oneof(fc.integer(), oddString), { maxLength: 3 }),
  fc.dictionary(oddString, fc.integer(), { maxKeys: 3 }),
);
