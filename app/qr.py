"""QR codes drawn as SVG straight into a page (segno): survey links, meeting links, printed slips."""

import io


def qr_svg(address: str, title: str) -> str:
    """A QR code for an address, as an SVG element to put straight into a page."""
    import segno  # here, not at the top: few pages draw QR codes, and every worker would carry it

    out = io.BytesIO()
    segno.make(address, error="m").save(out, kind="svg", scale=4, border=2, xmldecl=False, svgns=True,
                                        title=title, svgclass="qr", lineclass="qr__modules")
    return out.getvalue().decode()
