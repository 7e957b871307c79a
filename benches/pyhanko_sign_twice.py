"""pyHanko, in process, signing one unsigned PDF twice (two new signature
fields, each an incremental update), as the reference for `cargo bench
--bench sign`. Keys are loaded once, before timing, as KyHop's are.

usage: pyhanko_sign_twice.py PDF CHAIR_KEY CHAIR_CERT SEAL_KEY SEAL_CERT ROOT RUNS
Prints one JSON line: the median milliseconds of one double signing.
"""
import io
import json
import statistics
import sys
import time

from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import signers


def main():
    pdf, chair_key, chair_cert, seal_key, seal_cert, root, runs = sys.argv[1:8]
    chair = signers.SimpleSigner.load(chair_key, chair_cert, ca_chain_files=(root,))
    seal = signers.SimpleSigner.load(seal_key, seal_cert, ca_chain_files=(root,))
    data = open(pdf, "rb").read()
    times = []
    for _ in range(int(runs)):
        start = time.perf_counter()
        once = signers.sign_pdf(
            IncrementalPdfFileWriter(io.BytesIO(data)),
            signers.PdfSignatureMetadata(field_name="ChuKyChuToa"),
            signer=chair,
        )
        signers.sign_pdf(
            IncrementalPdfFileWriter(once),
            signers.PdfSignatureMetadata(field_name="DauHoiDong"),
            signer=seal,
        )
        times.append((time.perf_counter() - start) * 1000.0)
    print(json.dumps({"median_ms": statistics.median(times)}))


main()
