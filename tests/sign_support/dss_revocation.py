"""Validates every signer certificate of a PDF the way a verifier years
later would: pyHanko's certificate validator with only the file's own DSS
(its certificates and OCSP responses / CRLs), revocation information
required for every certificate, nothing fetched. Prints one line per
signature, `FIELD: GOOD FROM DSS` or `FIELD: FAILED <why>`; exits 1 on any
failure.

usage: dss_revocation.py FILE.pdf ROOTS.pem
"""

import asyncio
import sys

from asn1crypto import crl as asn1_crl
from asn1crypto import ocsp as asn1_ocsp
from asn1crypto import x509
from pyhanko.keys import load_certs_from_pemder
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation.dss import DocumentSecurityStore
from pyhanko_certvalidator import CertificateValidator, ValidationContext


def main(pdf: str, roots_pem: str) -> int:
    roots = list(load_certs_from_pemder([roots_pem]))
    failed = 0
    with open(pdf, "rb") as f:
        reader = PdfFileReader(f)
        dss = DocumentSecurityStore.read_dss(reader)
        certs = [x509.Certificate.load(dss.certs[k].get_object().data) for k in dss.certs]
        ocsps = [asn1_ocsp.OCSPResponse.load(r.get_object().data) for r in dss.ocsps]
        crls = [asn1_crl.CertificateList.load(r.get_object().data) for r in dss.crls]
        for sig in reader.embedded_regular_signatures:
            context = ValidationContext(
                trust_roots=roots,
                other_certs=certs,
                ocsps=ocsps,
                crls=crls,
                revocation_mode="require",
                allow_fetching=False,
            )
            validator = CertificateValidator(sig.signer_cert, validation_context=context)
            try:
                asyncio.run(validator.async_validate_usage(set()))
                print(f"{sig.field_name}: GOOD FROM DSS")
            except Exception as e:  # noqa: BLE001 - every failure is reported
                failed += 1
                print(f"{sig.field_name}: FAILED {type(e).__name__}: {e}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
