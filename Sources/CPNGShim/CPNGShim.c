#include "CPNGShim.h"

#include <png.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

struct digits_png {
    png_structp png;
    png_infop info;
    const uint8_t *data;
    size_t size;
    size_t offset;
    char *message;  /* where the error or warning handler writes; set by each entry point */
};

/* Copies libpng's message (one line, printable ASCII) into the current message buffer. */
static void copy_message(char *out, const char *text) {
    if (out == NULL) return;
    size_t n = 0;
    for (const char *p = text ? text : "unknown libpng error"; *p && n + 1 < DIGITS_PNG_MESSAGE_SIZE; p++) {
        unsigned char c = (unsigned char)*p;
        out[n++] = (c >= 0x20 && c < 0x7F) ? (char)c : ' ';
    }
    out[n] = 0;
}

/* Errors and warnings alike end the decode: a warning is libpng noticing damage it could step
 * over (a bad CRC in an ancillary chunk, extra image data, a palette index out of range). */
static void on_error(png_structp png, png_const_charp text) {
    struct digits_png *h = png_get_error_ptr(png);
    copy_message(h->message, text);
    png_longjmp(png, 1);
}

static void on_warning(png_structp png, png_const_charp text) { on_error(png, text); }

static void read_data(png_structp png, png_bytep out, size_t length) {
    struct digits_png *h = png_get_io_ptr(png);
    if (length > h->size - h->offset) png_error(png, "the file ends early (truncated)");
    memcpy(out, h->data + h->offset, length);
    h->offset += length;
}

digits_png *digits_png_open(const uint8_t *data, size_t size, uint32_t max_dimension,
                            digits_png_info *info, char message[DIGITS_PNG_MESSAGE_SIZE]) {
    struct digits_png *h = calloc(1, sizeof *h);
    if (h == NULL) { copy_message(message, "out of memory"); return NULL; }
    h->data = data;
    h->size = size;
    h->message = message;
    h->png = png_create_read_struct(PNG_LIBPNG_VER_STRING, h, on_error, on_warning);
    if (h->png == NULL) { copy_message(message, "cannot start libpng"); free(h); return NULL; }
    h->info = png_create_info_struct(h->png);
    if (h->info == NULL) { copy_message(message, "cannot start libpng"); digits_png_close(h); return NULL; }
    if (setjmp(png_jmpbuf(h->png))) { digits_png_close(h); return NULL; }

    png_set_read_fn(h->png, h, read_data);
    png_set_user_limits(h->png, max_dimension, max_dimension);
    png_set_chunk_malloc_max(h->png, 1 << 20);
    /* Every ancillary chunk but tRNS is skipped unread (gAMA, iCCP, text, ...): the samples are
     * taken as stored. Their CRCs are still checked. */
    png_set_keep_unknown_chunks(h->png, PNG_HANDLE_CHUNK_NEVER, NULL, -1);
    png_read_info(h->png, h->info);

    info->width = png_get_image_width(h->png, h->info);
    info->height = png_get_image_height(h->png, h->info);
    info->bit_depth = png_get_bit_depth(h->png, h->info);
    info->color_type = png_get_color_type(h->png, h->info);
    info->interlaced = png_get_interlace_type(h->png, h->info) == PNG_INTERLACE_ADAM7;

    if (info->color_type == PNG_COLOR_TYPE_PALETTE) {
        png_colorp colours = NULL;
        int count = 0;
        if (!png_get_PLTE(h->png, h->info, &colours, &count) || count < 1) png_error(h->png, "missing PLTE");
        info->palette_size = count;
        info->channels = 1;
        memset(info->alpha, 255, sizeof info->alpha);
        for (int i = 0; i < count; i++) {
            info->palette[3 * i] = colours[i].red;
            info->palette[3 * i + 1] = colours[i].green;
            info->palette[3 * i + 2] = colours[i].blue;
        }
        png_bytep trans = NULL;
        int trans_count = 0;
        if (png_get_tRNS(h->png, h->info, &trans, &trans_count, NULL) && trans != NULL)
            for (int i = 0; i < trans_count && i < 256; i++) info->alpha[i] = trans[i];
        png_set_packing(h->png);  /* 1/2/4-bit indices one byte each, not scaled */
        png_read_update_info(h->png, h->info);
        info->sample_bytes = 1;
        if (png_get_rowbytes(h->png, h->info) != (size_t)info->width)
            png_error(h->png, "unexpected row layout after unpacking");
        return h;
    }
    /* Opaque grey (no tRNS) comes as it is, one sample a pixel (1/2/4-bit scaled up to 8 bits):
     * the common case, with no per-pixel transform in libpng. */
    if (info->color_type == PNG_COLOR_TYPE_GRAY && !png_get_valid(h->png, h->info, PNG_INFO_tRNS)) {
        if (info->bit_depth < 8) png_set_expand_gray_1_2_4_to_8(h->png);
        png_read_update_info(h->png, h->info);
        info->channels = 1;
        info->sample_bytes = png_get_bit_depth(h->png, h->info) == 16 ? 2 : 1;
        if (png_get_rowbytes(h->png, h->info) != (size_t)info->width * info->sample_bytes)
            png_error(h->png, "unexpected row layout after expansion");
        return h;
    }
    /* Everything else to RGBA at the stored depth (1/2/4-bit grey scaled up to 8 bits). */
    info->channels = 4;
    png_set_expand(h->png);
    if (info->color_type == PNG_COLOR_TYPE_GRAY || info->color_type == PNG_COLOR_TYPE_GRAY_ALPHA)
        png_set_gray_to_rgb(h->png);
    if (!(info->color_type & PNG_COLOR_MASK_ALPHA) && !png_get_valid(h->png, h->info, PNG_INFO_tRNS))
        png_set_add_alpha(h->png, 0xFFFF, PNG_FILLER_AFTER);
    png_read_update_info(h->png, h->info);
    info->sample_bytes = png_get_bit_depth(h->png, h->info) == 16 ? 2 : 1;
    if (png_get_channels(h->png, h->info) != 4 ||
        png_get_rowbytes(h->png, h->info) != (size_t)info->width * 4 * info->sample_bytes)
        png_error(h->png, "unexpected row layout after expansion");
    return h;
}

int digits_png_read_row(digits_png *h, uint8_t *row, int *pass, uint32_t *y,
                        char message[DIGITS_PNG_MESSAGE_SIZE]) {
    h->message = message;
    if (setjmp(png_jmpbuf(h->png))) return -1;
    *pass = png_get_current_pass_number(h->png);
    *y = png_get_current_row_number(h->png);
    png_read_row(h->png, row, NULL);
    return 0;
}

int digits_png_finish(digits_png *h, char message[DIGITS_PNG_MESSAGE_SIZE]) {
    h->message = message;
    if (setjmp(png_jmpbuf(h->png))) return -1;
    png_read_end(h->png, NULL);
    return 0;
}

void digits_png_close(digits_png *h) {
    if (h == NULL) return;
    if (h->png != NULL) png_destroy_read_struct(&h->png, h->info ? &h->info : NULL, NULL);
    free(h);
}

/* ---- writing ---- */

struct digits_png_out {
    uint8_t *bytes;
    size_t size;
    size_t capacity;
    char *message;
};

static void write_error(png_structp png, png_const_charp text) {
    struct digits_png_out *out = png_get_error_ptr(png);
    copy_message(out->message, text);
    png_longjmp(png, 1);
}

static void write_warning(png_structp png, png_const_charp text) { (void)png; (void)text; }

static void write_data(png_structp png, png_bytep data, size_t length) {
    struct digits_png_out *out = png_get_io_ptr(png);
    if (length > out->capacity - out->size) {
        size_t capacity = out->capacity ? out->capacity : 4096;
        while (length > capacity - out->size) capacity *= 2;
        uint8_t *grown = realloc(out->bytes, capacity);
        if (grown == NULL) png_error(png, "out of memory");
        out->bytes = grown;
        out->capacity = capacity;
    }
    memcpy(out->bytes + out->size, data, length);
    out->size += length;
}

static void flush_data(png_structp png) { (void)png; }

uint8_t *digits_png_encode_gray8(const uint8_t *pixels, uint32_t width, uint32_t height, size_t *size,
                                 char message[DIGITS_PNG_MESSAGE_SIZE]) {
    /* volatile: modified between setjmp and a possible longjmp. */
    struct digits_png_out out = {NULL, 0, 0, message};
    png_structp volatile png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &out, write_error, write_warning);
    if (png == NULL) { copy_message(message, "cannot start libpng"); return NULL; }
    png_infop volatile info = png_create_info_struct(png);
    if (info == NULL) {
        png_structp p = png;
        png_destroy_write_struct(&p, NULL);
        copy_message(message, "cannot start libpng");
        return NULL;
    }
    if (setjmp(png_jmpbuf(png))) {
        png_structp p = png;
        png_infop i = info;
        png_destroy_write_struct(&p, &i);
        free(out.bytes);
        return NULL;
    }
    png_set_write_fn(png, &out, write_data, flush_data);
    png_set_compression_level(png, 9);
    png_set_IHDR(png, info, width, height, 8, PNG_COLOR_TYPE_GRAY, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);
    for (uint32_t y = 0; y < height; y++) png_write_row(png, (png_const_bytep)(pixels + (size_t)y * width));
    png_write_end(png, NULL);
    png_structp p = png;
    png_infop i = info;
    png_destroy_write_struct(&p, &i);
    *size = out.size;
    return out.bytes;
}

void digits_png_free(void *buffer) { free(buffer); }
