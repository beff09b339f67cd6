"""The round trip: `orrery notebook tour.orr -o tour.ipynb` names the kernel, so
`jupyter nbconvert --execute` re-runs it cell by cell with the Orrery kernel; the
images it gets are byte-identical to the ones `orrery notebook` wrote (same seed).
Then `orrery notebook --to script` turns the executed notebook back into the script.
Run by Scripts/jupyter-test."""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
sys.path.insert(0, HERE)

from test_kernel import install_kernelspec, orrery_binary  # noqa: E402

TOUR = os.path.join(ROOT, "Stdlib", "examples", "tour.orr")
IMAGE_TYPES = ("image/png", "image/svg+xml")


def text(value):
    """nbformat's multiline strings: a string, or a list of lines (as nbformat writes SVG)."""
    return "".join(value) if isinstance(value, list) else value


def images(notebook):
    """Per code cell, the images of its outputs in order."""
    return [[(kind, text(output["data"][kind])) for output in cell["outputs"] if output.get("data")
             for kind in IMAGE_TYPES if kind in output["data"]]
            for cell in notebook["cells"] if cell["cell_type"] == "code"]


class RoundTripTests(unittest.TestCase):
    def setUp(self):
        self.folder = tempfile.mkdtemp(prefix="orrery-roundtrip-")
        install_kernelspec(self.folder, ["--out", os.path.join(self.folder, "kernel-out")])

    def tearDown(self):
        shutil.rmtree(self.folder, ignore_errors=True)

    def test_nbconvert_executes_the_tour_with_identical_images(self):
        written = os.path.join(self.folder, "tour.ipynb")
        subprocess.run([orrery_binary(), "notebook", TOUR, "-o", written, "--out", os.path.join(self.folder, "out")],
                       check=True, capture_output=True)
        with open(written) as file:
            original = json.load(file)
        self.assertEqual(original["metadata"]["kernelspec"]["name"], "orrery")
        self.assertEqual(original["metadata"]["language_info"]["pygments_lexer"], "orrery")

        executed = os.path.join(self.folder, "executed.ipynb")
        subprocess.run([sys.executable, "-m", "jupyter", "nbconvert", "--execute", "--to", "notebook",
                        "--ExecutePreprocessor.timeout=600", "--output", executed, written],
                       check=True, capture_output=True)
        with open(executed) as file:
            rerun = json.load(file)
        before, after = images(original), images(rerun)
        self.assertEqual(len(before), len(after))
        self.assertGreaterEqual(sum(len(cell) for cell in before), 4)
        for index, (a, b) in enumerate(zip(before, after)):
            self.assertEqual([kind for kind, _ in a], [kind for kind, _ in b], f"code cell {index + 1}")
            differing = [(kind, len(x), len(y)) for (kind, x), (_, y) in zip(a, b) if x != y]
            self.assertEqual(differing, [], f"code cell {index + 1}: images differ (kind, bytes before, after)")
        print(f"\n{sum(len(cell) for cell in before)} images in {len(before)} code cells byte-identical after "
              "nbconvert --execute", file=sys.stderr)
        self.assertFalse([o for c in rerun["cells"] if c["cell_type"] == "code" for o in c["outputs"]
                          if o["output_type"] == "error"])

        # Back to a script: the same cells in order, code unchanged, the markdown the
        # script had (not the HTML the notebook shows) as `# ` comments.
        script = os.path.join(self.folder, "tour-again.orr")
        subprocess.run([orrery_binary(), "notebook", executed, "--to", "script", "-o", script],
                       check=True, capture_output=True)
        with open(script) as file:
            again = file.read()
        chunks = again.split("# %%")[1:]
        self.assertEqual(len(chunks), len(rerun["cells"]))
        for chunk, cell in zip(chunks, rerun["cells"]):
            body = chunk.split("\n", 1)[1] if "\n" in chunk else ""
            if cell["cell_type"] == "code":
                self.assertEqual(body.strip("\n"), "".join(cell["source"]))
            else:
                self.assertTrue(chunk.startswith(" [markdown]"))
                self.assertEqual(body.strip("\n"), "\n".join(
                    ("# " + line).rstrip() for line in cell["metadata"]["orrery"]["markdown"].split("\n")))
        self.assertIn("# # A tour of Orrery", again)

        # nbconvert highlights the language with the lexer installed beside the kernel.
        html = os.path.join(self.folder, "executed.html")
        subprocess.run([sys.executable, "-m", "jupyter", "nbconvert", "--to", "html", "--output", html, executed],
                       check=True, capture_output=True)
        with open(html) as file:
            page = file.read()
        # (`assertTrue`, not `assertIn`: a failure must not print a 600 kB page.)
        self.assertTrue('<div class="highlight hl-orrery">' in page, "no orrery-highlighted cell")
        self.assertTrue('<span class="kd">let</span>' in page, "no highlighted 'let'")

    def test_a_notebook_written_with_a_seed_reexecutes_with_it(self):
        """`orrery notebook --seed 5` writes `# orrery: --seed 5` as the first cell; the kernel
        (started with the kernelspec's default seed 0) takes it, so the draws repeat."""
        script = os.path.join(self.folder, "seeded.orr")
        with open(script, "w") as file:
            file.write('# %% Draw\nlet w = scene "s" {\n  ground at 0\n  ball a at (uniform(0, 3), 0.5) radius 0.3\n}\n'
                       'show w\nprint(seed, sample(w, n: 1, seed: seed)[0].a.x)\n')
        written = os.path.join(self.folder, "seeded.ipynb")
        subprocess.run([orrery_binary(), "notebook", script, "--seed", "5", "-o", written,
                        "--out", os.path.join(self.folder, "out")], check=True, capture_output=True)
        with open(written) as file:
            original = json.load(file)
        self.assertEqual("".join(original["cells"][0]["source"]), "# orrery: --seed 5")
        executed = os.path.join(self.folder, "seeded-run.ipynb")
        subprocess.run([sys.executable, "-m", "jupyter", "nbconvert", "--execute", "--to", "notebook",
                        "--ExecutePreprocessor.timeout=120", "--output", executed, written],
                       check=True, capture_output=True)
        with open(executed) as file:
            rerun = json.load(file)
        self.assertEqual(images(original), images(rerun))

        def printed(notebook):
            return "".join(text(o["text"]) for c in notebook["cells"] if c["cell_type"] == "code"
                           for o in c["outputs"] if o["output_type"] == "stream")
        self.assertTrue(printed(rerun).startswith("5 "), printed(rerun))
        self.assertEqual(printed(original), printed(rerun))


if __name__ == "__main__":
    unittest.main(verbosity=2)
