#ifndef DIGITS_CPNGSHIM_H
#define DIGITS_CPNGSHIM_H

#include <stddef.h>
#include <stdint.h>

/* A PNG decoder over libpng 1.6 that never lets a longjmp reach its caller: every libpng call
 * runs under a setjmp in this file, and every libpng error or warning becomes a return value of
 * -1 with libpng's message copied into `message` (one line, NUL-terminated).
 *
 * Rows come out as RGBA (opaque grey: grey alone), 8 or 16 bits a sample (16-bit big-endian),
 * exactly as stored: tRNS
 * becomes alpha, grey is copied to R, G and B, no gamma correction is applied, and ancillary
 * chunks other than tRNS are skipped unread. Palette images instead deliver their indices, one
 * byte a pixel, with the palette in the info (libpng does not check 8-bit indices against it). Interlaced images are NOT combined: each
 * Adam7 pass delivers its own reduced rows (see digits_png_read_row). */

typedef struct digits_png digits_png;

typedef struct {
    uint32_t width;
    uint32_t height;
    int bit_depth;      /* as stored: 1, 2, 4, 8 or 16 */
    int color_type;     /* as stored: PNG_COLOR_TYPE_* */
    int interlaced;     /* 1 for Adam7 */
    int channels;       /* samples a pixel in the rows delivered: 4 (RGBA), or 1 (opaque grey, palette index) */
    int sample_bytes;   /* of the rows delivered: 1 or 2 (a palette index: 1) */
    int palette_size;   /* palette images: entries in PLTE (1…256), else 0 */
    uint8_t palette[256 * 3];  /* RGB */
    uint8_t alpha[256]; /* from tRNS; 255 for entries it does not cover */
} digits_png_info;

enum { DIGITS_PNG_MESSAGE_SIZE = 200 };

/* Reads the header of the PNG in `data` (which must stay valid until digits_png_close).
 * `max_dimension` is set as libpng's user width/height limit. NULL on failure. */
digits_png *digits_png_open(const uint8_t *data, size_t size, uint32_t max_dimension,
                            digits_png_info *info, char message[DIGITS_PNG_MESSAGE_SIZE]);

/* Reads the next row into `row` (room for width × channels × sample_bytes). Before reading, `*pass`
 * receives the Adam7 pass (0…6, always 0 when not interlaced) and `*y` the row's index within
 * that pass. 0 on success, -1 on failure. */
int digits_png_read_row(digits_png *png, uint8_t *row, int *pass, uint32_t *y,
                        char message[DIGITS_PNG_MESSAGE_SIZE]);

/* Reads what follows the image data through IEND (checking CRCs and palette indices). */
int digits_png_finish(digits_png *png, char message[DIGITS_PNG_MESSAGE_SIZE]);

void digits_png_close(digits_png *png);

/* Encodes 8-bit greyscale `pixels` (width × height, row-major) as a PNG at the highest
 * compression, no ancillary chunks. Returns a malloc'ed buffer (free with digits_png_free) and
 * its size in *size, or NULL with a message. */
uint8_t *digits_png_encode_gray8(const uint8_t *pixels, uint32_t width, uint32_t height, size_t *size,
                                 char message[DIGITS_PNG_MESSAGE_SIZE]);

void digits_png_free(void *buffer);

#endif
