/** The shipped data set is byte-for-byte the one the hack materials expect. */
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { DATA_DIR, DIABETES_ASSETS } from "../components/diabetesData";

const sums = fs
    .readFileSync(path.join(DATA_DIR, "SHA256SUMS"), "utf8")
    .trim()
    .split("\n")
    .map((line) => line.split(/\s+/) as [string, string]);

test.each(sums)("sha256 %s of %s matches SHA256SUMS", (sum, file) => {
    expect(
        createHash("sha256")
            .update(fs.readFileSync(path.join(DATA_DIR, file)))
            .digest("hex"),
    ).toBe(sum);
});

test("every uploaded file is checksummed", () => {
    expect(sums.map(([, f]) => f).sort()).toEqual(DIABETES_ASSETS.map((a) => a.file).sort());
});

test.each(DIABETES_ASSETS.map((a) => [a.file, a.rows]))(
    "%s has %i data rows and the expected header",
    (file, rows) => {
        const lines = fs.readFileSync(path.join(DATA_DIR, file), "utf8").trim().split("\n");
        expect(lines[0].trim()).toBe("age,sex,bmi,bp,s1,s2,s3,s4,s5,s6,progression");
        expect(lines.length - 1).toBe(rows);
    },
);

test("known figures of the 442-row file: progression mean 152.1335, min 25, max 346", () => {
    const lines = fs
        .readFileSync(path.join(DATA_DIR, "diabetes_data.csv"), "utf8")
        .trim()
        .split("\n")
        .slice(1);
    const progression = lines.map((l) => Number(l.split(",")[10]));
    const mean = progression.reduce((a, b) => a + b, 0) / progression.length;
    expect(mean).toBeCloseTo(152.1335, 4);
    expect(Math.min(...progression)).toBe(25);
    expect(Math.max(...progression)).toBe(346);
});
