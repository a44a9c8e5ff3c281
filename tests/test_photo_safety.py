"""Competition photos keep nothing of the uploaded file but its pixels, in the stored photo and in its
thumbnail, and processing the largest photo we take costs a worker little memory (issue #17, items 1
and 8)."""

import io
import json
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from PIL import Image, ImageCms, PngImagePlugin
from sqlalchemy import select

from app import create_app
from app.competitions import photos
from app.competitions.models import Competition, Entry
from app.config import TestConfig
from app.extensions import db
from app.uploads import UploadRefused

#: planted in every bit of metadata a test file carries: it must never come out again
SECRET = "Cerys-Morgan-42-Heol-y-Castell"
#: a comment that makes a JPEG a polyglot: a browser sniffing the file would run it
POLYGLOT = b"<html><body><script>alert('polyglot')</script></body></html>"
#: bytes that only metadata puts in a JPEG: EXIF, XMP, an ICC profile, Photoshop/IPTC, and ours
METADATA_BYTES = (b"Exif", b"http://ns.adobe.com/xap", b"ICC_PROFILE", b"acsp", b"Photoshop", b"8BIM",
                  b"GPS", b"<script", SECRET.encode())
#: JPEG markers a photo of pixels alone needs: start and end, JFIF, tables, frame and scans
PIXEL_MARKERS = {0xD8, 0xE0, 0xDB, 0xC4, 0xC0, 0xC2, 0xDD, 0xDA, 0xD9}
#: what Pillow puts in Image.info when a file carries metadata
METADATA_KEYS = {"comment", "exif", "icc_profile", "xmp", "photoshop", "adobe", "XML:com.adobe.xmp"}
#: how much more than a fresh worker processing the largest photo may take
MOST_EXTRA_MEMORY_MB = 250
EXIF_MAKE, EXIF_ARTIST, EXIF_GPS, GPS_MAP_DATUM = 0x010F, 0x013B, 0x8825, 18


@pytest.fixture(scope="module")
def photo_app(tmp_path_factory):
    """An application for photos.store alone: no database is touched, so no backend is needed."""
    return create_app(TestConfig, SQLALCHEMY_DATABASE_URI="sqlite://",
                      COMPETITION_PHOTO_DIR=str(tmp_path_factory.mktemp("photos")))


@pytest.fixture
def stored(photo_app):
    """stored(upload) → the bytes of the full photo and of the thumbnail photos.store made of it."""
    def store(upload: bytes) -> tuple[bytes, bytes]:
        """Store the upload as the entry form would; the two files' bytes."""
        with photo_app.test_request_context():
            name = photos.store(upload)
            return photos.path_of(name, "full").read_bytes(), photos.path_of(name, "thumb").read_bytes()
    return store


def _picture(size=(64, 48)) -> Image.Image:
    """A small picture, wider than tall, with a red half and a blue half."""
    picture = Image.new("RGB", size, (200, 30, 30))
    picture.paste((30, 30, 200), (size[0] // 2, 0, size[0], size[1]))
    return picture


def _saved(picture: Image.Image, image_format: str, **metadata) -> bytes:
    """The picture saved as `image_format` carrying `metadata` (Pillow's save arguments)."""
    out = io.BytesIO()
    picture.save(out, image_format, **metadata)
    return out.getvalue()


def _exif(gps: bool = False) -> Image.Exif:
    """EXIF that names the camera and the photographer, and if asked where the photo was taken."""
    exif = Image.Exif()
    exif[EXIF_MAKE] = f"PhoneMaker {SECRET}"
    exif[EXIF_ARTIST] = SECRET
    if gps:
        exif[EXIF_GPS] = {1: "N", 2: (53.0, 2.0, 30.0), 3: "W", 4: (2.0, 59.0, 0.0), GPS_MAP_DATUM: SECRET}
    return exif


def _xmp() -> bytes:
    """An XMP packet with a creator and GPS position in it."""
    return (f'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
            f'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
            f'xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:exif="http://ns.adobe.com/exif/1.0/" '
            f'xmp:CreatorTool="{SECRET}" exif:GPSLatitude="53,2.5N"/></rdf:RDF></x:xmpmeta>'
            f'<?xpacket end="w"?>').encode()


def _icc_profile() -> bytes:
    """A real sRGB ICC profile, as cameras and editors embed."""
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def _segment(marker: int, payload: bytes) -> bytes:
    """A JPEG marker segment: the marker, its length and the payload."""
    return bytes((0xFF, marker)) + (len(payload) + 2).to_bytes(2, "big") + payload


def _iptc_caption() -> bytes:
    """An APP13 segment with a Photoshop IPTC caption, as news and school photo software write."""
    caption = SECRET.encode()
    iptc = b"\x1c\x02\x78" + len(caption).to_bytes(2, "big") + caption
    iptc += b"\x00" * (len(iptc) % 2)
    resource = b"8BIM" + (0x0404).to_bytes(2, "big") + b"\x00\x00" + len(iptc).to_bytes(4, "big") + iptc
    return _segment(0xED, b"Photoshop 3.0\x00" + resource)


def _jpeg_markers(jpeg: bytes) -> list[int]:
    """Every marker in a JPEG file in order, the entropy-coded data between them skipped."""
    assert jpeg[:2] == b"\xff\xd8"
    markers, at = [0xD8], 2
    while True:
        assert jpeg[at] == 0xFF, f"no marker at byte {at}"
        marker = jpeg[at + 1]
        markers.append(marker)
        if marker == 0xD9:
            return markers
        at += 2 + int.from_bytes(jpeg[at + 2:at + 4], "big")
        if marker == 0xDA:  # scan data runs to the next 0xFF that is not a stuffed 0x00 or a restart marker
            while not (jpeg[at] == 0xFF and jpeg[at + 1] != 0x00 and not 0xD0 <= jpeg[at + 1] <= 0xD7):
                at = jpeg.index(b"\xff", at + 1)


def _assert_nothing_but_pixels(jpeg: bytes) -> None:
    """A stored JPEG holds the pixels and nothing else: no segment, byte or key that metadata brings."""
    markers = _jpeg_markers(jpeg)
    assert set(markers) <= PIXEL_MARKERS, f"unexpected JPEG segments {sorted(set(markers) - PIXEL_MARKERS)}"
    assert markers.count(0xE0) == 1 and jpeg[6:11] == b"JFIF\x00"  # the one APP0 is the JFIF header
    assert not [needle for needle in METADATA_BYTES if needle in jpeg]
    reopened = Image.open(io.BytesIO(jpeg))
    assert reopened.format == "JPEG" and not set(reopened.info) & METADATA_KEYS and not reopened.getexif()


def _assert_both_clean(full: bytes, thumbnail: bytes) -> None:
    """The stored photo and its thumbnail both hold nothing but pixels."""
    _assert_nothing_but_pixels(full)
    _assert_nothing_but_pixels(thumbnail)


def test_a_jpeg_comment_is_gone_from_a_photo_entered_through_the_form(app, demo, signed_in):
    """A polyglot JPEG entered by staff: neither the photo nor the thumbnail served keeps its HTML."""
    app.config["TODAY"], app.config["WTF_CSRF_ENABLED"] = "2026-03-10", False  # inside the Easter window
    with app.app_context():
        easter = db.session.get(Competition, demo.competition("Easter Egg Decoration Competition"))
        competition_id, category_id = easter.id, easter.categories[1].id
    client = signed_in("staff.holt")
    upload = _saved(_picture(), "JPEG", comment=POLYGLOT, exif=_exif(gps=True))
    assert POLYGLOT in upload  # the file really is a polyglot
    form = {"category_id": category_id, "entrant_name": "Cerys M.", "year_group": "4", "title": "Golden egg",
            "description": "", "photo_consent": "y", "photo": (io.BytesIO(upload), "egg.jpg")}
    response = client.post(f"/competitions/{competition_id}/entries/new", data=form,
                           content_type="multipart/form-data")
    assert response.status_code == 303
    with app.app_context():
        entry_id = db.session.scalar(select(Entry.id).where(Entry.competition_id == competition_id))
    full, thumbnail = (client.get(f"/competitions/entries/{entry_id}/photo/{size}") for size in ("full", "thumb"))
    assert full.status_code == thumbnail.status_code == 200
    _assert_both_clean(full.data, thumbnail.data)


def test_a_jpeg_comment_is_gone_when_stored_directly(stored):
    """Pillow writes im.info["comment"] back unless the image has none: ours never has."""
    _assert_both_clean(*stored(_saved(_picture(), "JPEG", comment=POLYGLOT)))


@pytest.mark.parametrize("image_format", ["JPEG", "PNG", "WEBP"])
def test_exif_is_gone_but_its_orientation_is_applied(stored, image_format):
    """EXIF naming the camera and photographer is dropped, after turning the pixels as it says."""
    exif = _exif()
    exif[0x0112] = 6  # the camera was held on its side: the pixels must turn a quarter
    full, thumbnail = stored(_saved(_picture(), image_format, exif=exif))
    _assert_both_clean(full, thumbnail)
    assert Image.open(io.BytesIO(full)).size == (48, 64)


@pytest.mark.parametrize("image_format", ["JPEG", "PNG", "WEBP"])
def test_a_gps_position_is_gone(stored, image_format):
    """Where the photo was taken (a child's home, a school) is never stored."""
    upload = _saved(_picture(), image_format, exif=_exif(gps=True))
    assert Image.open(io.BytesIO(upload)).getexif().get_ifd(EXIF_GPS)  # the upload does carry a position
    _assert_both_clean(*stored(upload))


@pytest.mark.parametrize("image_format", ["JPEG", "PNG", "WEBP"])
def test_xmp_is_gone(stored, image_format):
    """XMP, which editors fill with creators and positions, is dropped."""
    if image_format == "PNG":  # Pillow writes a PNG's XMP as the iTXt chunk Adobe names
        text = PngImagePlugin.PngInfo()
        text.add_itxt("XML:com.adobe.xmp", _xmp().decode())
        upload = _saved(_picture(), "PNG", pnginfo=text)
    else:
        upload = _saved(_picture(), image_format, xmp=_xmp())
    assert Image.open(io.BytesIO(upload)).info["xmp"] == _xmp()  # the upload does carry it
    _assert_both_clean(*stored(upload))


@pytest.mark.parametrize("image_format", ["JPEG", "PNG", "WEBP"])
def test_an_icc_profile_is_gone(stored, image_format):
    """An embedded ICC profile is dropped (a profile can carry any bytes, and names its maker)."""
    upload = _saved(_picture(), image_format, icc_profile=_icc_profile())
    assert Image.open(io.BytesIO(upload)).info.get("icc_profile")
    _assert_both_clean(*stored(upload))


def test_jpeg_text_segments_are_gone(stored):
    """A JPEG's comment, IPTC caption and unknown APPn segments are all dropped."""
    # an IPTC caption (APP13) and a segment of a kind nobody knows (APP15) beside the comment
    upload = _saved(_picture(), "JPEG", comment=SECRET.encode(), extra=_iptc_caption() + _segment(0xEF, POLYGLOT))
    assert Image.open(io.BytesIO(upload)).info.get("photoshop")
    _assert_both_clean(*stored(upload))


def test_png_text_chunks_are_gone(stored):
    """tEXt, zTXt and iTXt chunks are dropped; a "comment" one would otherwise become a JPEG comment."""
    text = PngImagePlugin.PngInfo()
    text.add_text("comment", POLYGLOT.decode())  # Pillow reads this one into info["comment"]
    text.add_text("Author", SECRET)
    text.add_text("Description", SECRET, zip=True)  # zTXt
    text.add_itxt("Title", SECRET, lang="cy", tkey="Teitl")
    upload = _saved(_picture(), "PNG", pnginfo=text)
    assert Image.open(io.BytesIO(upload)).info["comment"] == POLYGLOT.decode()
    _assert_both_clean(*stored(upload))


def test_a_webp_keeps_no_exif_xmp_or_icc_profile(stored):
    """A WebP's EXIF, XMP and ICCP chunks, all at once, are dropped."""
    upload = _saved(_picture(), "WEBP", exif=_exif(gps=True), xmp=_xmp(), icc_profile=_icc_profile())
    assert {"exif", "xmp", "icc_profile"} <= set(Image.open(io.BytesIO(upload)).info)
    _assert_both_clean(*stored(upload))


@pytest.mark.parametrize("mode", ["RGBA", "P"])
def test_transparency_lands_on_white_and_a_big_image_shrinks_true_to_its_colours(stored, mode):
    """Shrinking a tile at a time keeps the picture: transparent half white, opaque half its colour."""
    picture = Image.new("RGBA", (4000, 2000), (0, 0, 0, 0))
    picture.paste((30, 30, 200, 255), (2000, 0, 4000, 2000))
    upload = _saved(picture if mode == "RGBA" else picture.convert("P"), "PNG")
    full, thumbnail = (Image.open(io.BytesIO(data)) for data in stored(upload))
    assert full.size == (1600, 800) and thumbnail.size == (400, 200)
    for photo in (full, thumbnail):
        width, height = photo.size
        assert _near(photo.getpixel((width // 4, height // 2)), (255, 255, 255))
        assert _near(photo.getpixel((3 * width // 4, height // 2)), (30, 30, 200))


def _near(colour: tuple, expected: tuple) -> bool:
    """Whether two colours differ by no more than JPEG's rounding."""
    return all(abs(channel - wanted) <= 8 for channel, wanted in zip(colour, expected, strict=True))


def _with_size(jpeg_or_png: bytes, width: int, height: int) -> bytes:
    """The file with its header claiming another size: enough for a refusal, which reads only headers."""
    if jpeg_or_png.startswith(b"\x89PNG"):  # IHDR, first after the signature: width, height, then its CRC
        header = b"IHDR" + width.to_bytes(4, "big") + height.to_bytes(4, "big") + jpeg_or_png[24:29]
        return jpeg_or_png[:12] + header + zlib.crc32(header).to_bytes(4, "big") + jpeg_or_png[33:]
    frame = max(jpeg_or_png.find(b"\xff\xc0"), jpeg_or_png.find(b"\xff\xc2"))  # SOF: length, precision, h, w
    return (jpeg_or_png[:frame + 5] + height.to_bytes(2, "big") + width.to_bytes(2, "big")
            + jpeg_or_png[frame + 9:])


@pytest.mark.parametrize("make_upload", [
    # a pixel row more than the largest phone camera makes
    pytest.param(lambda: _with_size(_saved(_picture(), "PNG"), 8192, 6145), id="png-over-50-mp"),
    # 60 MP: taken before, refused now
    pytest.param(lambda: _with_size(_saved(_picture(), "JPEG"), 7745, 7745), id="jpeg-of-60-mp"),
    # 50 MP is taken as a baseline JPEG, but a progressive 4:4:4 one keeps 300 MB of coefficients to decode
    pytest.param(lambda: _with_size(_saved(_picture(), "JPEG", progressive=True, subsampling=0), 8192, 6144),
                 id="progressive-jpeg-of-50-mp"),
    # a WebP costs 16 bytes a pixel to decode: 13 MP is too many
    pytest.param(lambda: _saved(Image.new("RGB", (4096, 3200)), "WEBP", quality=1, method=0), id="webp-of-13-mp"),
])
def test_images_over_the_limit_are_refused_in_the_readers_language(photo_app, make_upload):
    """Too many pixels, or too costly to decode: refused before decoding, in Welsh or in English."""
    upload = make_upload()
    for language, message in (("cy", "Mae gormod o bicseli yn y llun hwn"), ("en", "This photo has too many pixels")):
        with photo_app.test_request_context(headers={"Accept-Language": language}):
            with pytest.raises(UploadRefused) as refused:
                photos.store(upload)
            assert message in refused.value.message


#: run in a fresh interpreter with an upload and a folder: import the module, note the memory, store the
#: photo, report the peak
MEASURE = """
import json, sys, time
from flask import Flask
from app.competitions import photos

def peak_mb():
    # VmHWM: the most memory this process has held
    return next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM")) / 1024

app = Flask("measure")  # all photos.store needs of an application is where to put the photo
app.config["COMPETITION_PHOTO_DIR"] = sys.argv[2]
upload = open(sys.argv[1], "rb").read()
baseline, started = peak_mb(), time.perf_counter()
with app.app_context():
    name = photos.store(upload)
print(json.dumps({"extra_mb": peak_mb() - baseline, "seconds": time.perf_counter() - started, "stored": bool(name)}))
"""


def _largest(image_format: str, size: tuple[int, int], **options) -> bytes:
    """A plain image of `size` saved as `image_format`: decoding costs the same whatever the picture."""
    return _saved(Image.new("RGB", size, "orange"), image_format, **options)


#: the full-resolution photo of a 50 MP phone camera, the most pixels we take
CAMERA = (8192, 6144)
#: the largest WebP we take: 16 bytes a pixel to decode within MOST_DECODING_BYTES
LARGEST_WEBP = (4096, 3128)
#: the largest image of each kind we take, made when the test runs
LARGEST = {
    "png": lambda: _largest("PNG", CAMERA, compress_level=1),
    "jpeg": lambda: _largest("JPEG", CAMERA, quality=85),
    "progressive-jpeg": lambda: _largest("JPEG", CAMERA, quality=85, progressive=True),
    "webp": lambda: _largest("WEBP", LARGEST_WEBP, quality=50, method=0),
}


def test_the_largest_photos_we_take_cost_a_worker_little_memory(tmp_path):
    """The largest PNG, JPEG and WebP we take each stay under 250 MB more than a fresh worker."""
    # each in a fresh process, so that its peak is its own; all at once, so that the test stays quick
    workers = {}
    for kind, make in LARGEST.items():
        path = tmp_path / kind
        path.write_bytes(make())
        stored_in = tmp_path / f"{kind}-stored"
        workers[kind] = subprocess.Popen([sys.executable, "-c", MEASURE, str(path), str(stored_in)],
                                         stdout=subprocess.PIPE, cwd=Path(__file__).parent.parent, text=True)
    results = {kind: json.loads(worker.communicate(timeout=60)[0]) for kind, worker in workers.items()}
    for kind, result in results.items():
        assert result["stored"], kind
        assert result["extra_mb"] < MOST_EXTRA_MEMORY_MB, f"{kind}: {result}"


def test_a_phones_ultra_hdr_jpeg_with_a_second_picture_is_taken_as_its_first_picture_alone(stored):
    """Pixel and Samsung phones save a JPEG with a gain map inside (MPO to Pillow): it is a photo."""
    main, gain_map = Image.new("RGB", (120, 80), (200, 60, 20)), Image.new("RGB", (60, 40), (9, 9, 9))
    out = io.BytesIO()
    main.save(out, "MPO", save_all=True, append_images=[gain_map])
    assert Image.open(io.BytesIO(out.getvalue())).format == "MPO"
    full, thumb = stored(out.getvalue())
    _assert_both_clean(full, thumb)
    kept = Image.open(io.BytesIO(full))
    assert (kept.format, kept.size, getattr(kept, "n_frames", 1)) == ("JPEG", (120, 80), 1)
