"""Uploaded images cleaned down to their pixels, for app/uploads.py's callers.

A phone photo carries EXIF data (the camera, the time, often the GPS position of a child's home or
school) and an orientation flag instead of upright pixels; any image can carry a comment, XMP, an ICC
profile or text chunks, and a polyglot file hides HTML in them. Pillow opens the upload and we copy
its pixels alone into a new image, turned upright as its orientation says, and write that as a new
JPEG saying nothing but the pixels: nothing of the original file is kept. Only JPEG, PNG and WebP are
accepted; HEIC would need pillow-heif, a binary plugin we do not add for now (iPhones hand a browser a
JPEG when the upload form asks for an image).

A small file can hold a huge image, so an upload is refused by its pixels and by what decoding it
would cost before any pixel is decoded, a JPEG is decoded at reduced size, and a PNG or WebP is shrunk
a tile at a time: a worker stays under about 250 MB with the largest image we take.

Pillow is loaded by the first upload a worker cleans, not at start-up: most workers never clean one.
"""

import io
import math
import warnings

from flask_babel import gettext as _
from PIL import ExifTags, Image, UnidentifiedImageError

from app.uploads import UploadRefused

#: what Pillow calls the formats we accept
#: (MPO is a JPEG with a second picture inside, as phones' "Ultra HDR" photos are: only the first is read)
ACCEPTED_FORMATS = {"JPEG", "MPO", "PNG", "WEBP"}
#: longest side of a stored image, in pixels
LARGEST_SIDE = 1600
#: an image with more pixels than this is refused before it is decoded (a decompression bomb: a small
#: file that would fill the server's memory). It is the full-resolution photo of the largest common
#: phone camera: the 50-megapixel sensors make 8192 × 6144 (Samsung's 8160 × 6120, a 48 MP iPhone
#: 8064 × 6048). The 200 MP mode a few phones offer is refused; their default 12 MP photo fits.
MOST_PIXELS = 8192 * 6144
#: the most memory decoding one photo may take, so that a worker stays under about 250 MB: what the
#: largest PNG we take needs (4 bytes a pixel of MOST_PIXELS, 201 MB) and its decoder's rows. A JPEG
#: costs least, as libjpeg decodes it straight to a reduced size (Image.draft), except a progressive
#: one, whose every DCT coefficient is kept until the last scan; a WebP costs most, so has the fewest
#: pixels (12.8 MP: a 12 MP phone photo saved as WebP fits)
MOST_DECODING_BYTES = 205_000_000
#: what Pillow keeps a pixel in, by mode (anything else: 4 bytes)
BYTES_PER_PIXEL = {"1": 1, "L": 1, "P": 1, "I;16": 2, "I;16B": 2, "I;16L": 2}
#: libwebp's two canvases, the frame it hands Pillow and Pillow's own copy, 4 bytes a pixel each
WEBP_BYTES_PER_PIXEL = 16
#: the pixels turned to RGB at a time while an image is shrunk (4 MB as RGBA)
TILE_PIXELS = 1_000_000
#: how to turn pixels upright for each EXIF orientation (as ImageOps.exif_transpose does)
TURNS = {2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180, 4: Image.Transpose.FLIP_TOP_BOTTOM,
         5: Image.Transpose.TRANSPOSE, 6: Image.Transpose.ROTATE_270, 7: Image.Transpose.TRANSVERSE,
         8: Image.Transpose.ROTATE_90}
JPEG_QUALITY = 85



def _pixels_only(image: Image.Image) -> Image.Image:
    """A brand-new image holding `image`'s pixels and nothing else."""
    # a new Image starts with an empty info: no comment, EXIF, XMP or ICC profile can ride along to the
    # encoder (Pillow's JPEG writer copies im.info["comment"] unless told otherwise)
    clean = Image.new(image.mode, image.size)
    clean.paste(image)
    return clean


def encoded_jpeg(image: Image.Image, side: int) -> bytes:
    """The image shrunk to fit `side` × `side`, as a JPEG with no metadata at all."""
    shrunk = image.copy()
    shrunk.thumbnail((side, side), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    # nothing but the encoding is asked for: no exif=, icc_profile=, comment= or xmp=
    _pixels_only(shrunk).save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return out.getvalue()


def _shrunk_size(size: tuple[int, int], side: int) -> tuple[int, int]:
    """`size` scaled down to fit `side` × `side`, keeping its shape (never scaled up)."""
    width, height = size
    scale = min(1, side / max(width, height))
    return max(1, round(width * scale)), max(1, round(height * scale))


def _decoding_bytes(image: Image.Image) -> int:
    """About how much memory decoding the opened `image` will take, before any pixel is shrunk."""
    pixels = image.width * image.height
    if image.format == "WEBP":
        return pixels * WEBP_BYTES_PER_PIXEL
    if image.format in ("JPEG", "MPO"):
        if not image.info.get("progressive"):
            return 0  # decoded at under 2 × LARGEST_SIDE (draft): about 40 MB at most
        # libjpeg keeps every DCT coefficient (2 bytes) of every component until the last scan
        most_across = max(across for _, across, _, _ in image.layer)
        most_down = max(down for _, _, down, _ in image.layer)
        return sum(2 * pixels * across * down // (most_across * most_down) for _, across, down, _ in image.layer)
    # the PNG decoder also keeps this row and the one before, up to 8 bytes a pixel (16-bit RGBA)
    return pixels * BYTES_PER_PIXEL.get(image.mode, 4) + 2 * 8 * image.width


def _rgb_on_white(image: Image.Image) -> Image.Image:
    """The image as RGB, anything transparent laid on a white background."""
    if image.mode in ("RGBA", "LA", "P", "PA"):
        image = image.convert("RGBA")
        background = Image.new("RGB", image.size, "white")
        background.paste(image, mask=image.getchannel("A"))
        return background
    return image.convert("RGB")


def _reduced_rgb(image: Image.Image, factor: int) -> Image.Image:
    """The image shrunk by a whole `factor` and made RGB a tile at a time: never a second full-size copy."""
    width, height = image.size
    # a new image, whose info starts empty: none of the file's metadata comes along
    reduced = Image.new("RGB", (-(-width // factor), -(-height // factor)))
    # a tile's sides are multiples of the factor, so its blocks are the whole image's blocks
    step = factor * max(1, math.isqrt(TILE_PIXELS) // factor)
    for top in range(0, height, step):
        for left in range(0, width, step):
            tile = _rgb_on_white(image.crop((left, top, min(left + step, width), min(top + step, height))))
            reduced.paste(tile.reduce(factor), (left // factor, top // factor))
    return reduced


def upright_rgb(data: bytes) -> Image.Image:
    """The upload's pixels alone, shrunk to no less than LARGEST_SIDE, upright, transparency on white."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.format not in ACCEPTED_FORMATS:
                raise UploadRefused(_("Choose a photo in JPEG, PNG or WebP format."))
            width, height = image.size
            if width * height > MOST_PIXELS or _decoding_bytes(image) > MOST_DECODING_BYTES:
                raise UploadRefused(_("This photo has too many pixels. Choose a smaller one."))
            # libjpeg decodes straight to 1/2, 1/4 or 1/8 size, never holding full-size pixels (PNG and
            # WebP have no such thing, and ignore this)
            image.draft("RGB", _shrunk_size(image.size, LARGEST_SIDE))
            image.load()
            orientation = image.getexif().get(ExifTags.Base.Orientation)
            upright = _reduced_rgb(image, max(1, max(image.size) // LARGEST_SIDE))
    except UploadRefused:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise UploadRefused(_("This file is not a photo we can open. Choose a JPEG, PNG or WebP photo.")) from None
    except (OSError, ValueError, SyntaxError):  # truncated or damaged files
        raise UploadRefused(_("This file is not a photo we can open. Choose a JPEG, PNG or WebP photo.")) from None
    if orientation in TURNS:
        upright = upright.transpose(TURNS[orientation])
    return upright
