#!/usr/bin/env python3
"""Write the seed corpora (seeds/) and the regression corpus (regression/) of the fuzz targets.

Every file under regression/ is an input that once failed (issue 12), rebuilt from its
description; run_fuzz.sh feeds each one to its target, which must end with a DataError
message (never a crash, an allocation of gigabytes or undefined behaviour). Inputs found by
fuzzing later are added by hand (copy the crash-* file into regression/<target>/).
Run from anywhere:  python3 tests/fuzz/make_corpus.py   (the output is committed)."""
import gzip, os, struct

here = os.path.dirname(os.path.abspath(__file__))

def put(kind, target, name, data):
    d = os.path.join(here, kind, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)

def idx3(n, r, c, pixels=b""):
    return struct.pack(">IIII", 0x803, n, r, c) + pixels

def idx1(n, labels=b""):
    return struct.pack(">II", 0x801, n) + labels

def gz(b):
    return gzip.compress(b, mtime=0)

# ---------------------------------------------------------------- seeds: small valid files
img = idx3(3, 4, 4, bytes((7 * k) % 256 for k in range(48)))
lab = idx1(5, bytes(range(5)))
put("seeds", "idx", "images_3x4x4", img)
put("seeds", "idx", "labels_5", lab)
put("seeds", "idx", "images_3x4x4.gz", gz(img))
put("seeds", "idx", "labels_5.gz", gz(lab))
put("seeds", "idx_gz", "images_3x4x4", img)   # the idx_gz target gzips its input itself
put("seeds", "idx_gz", "labels_5", lab)
put("seeds", "csv", "xor.csv", b"x1,x2,label\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n")
put("seeds", "csv", "iris_head.csv",
    b"# iris\nsepal_length,sepal_width,petal_length,petal_width,species\n"
    b"5.1,3.5,1.4,0.2,0\n7.0,3.2,4.7,1.4,1\n6.3,3.3,6.0,2.5,2\n")
put("seeds", "words", "words.txt", b"apple\nbanana\ncherry\nApple\nit's\ndog\r\n\n")

# ---------------------------------------------------------------- regression: issue 12, case 1
# 16-byte image file claiming 2^22 images of 28x28 (3.2 GB were zero-filled before "truncated")
put("regression", "idx", "case1_16byte_images_claim_2e22", idx3(1 << 22, 28, 28))
# 8-byte label file claiming 2^32-1 labels (4.5 GB for 20 s)
put("regression", "idx", "case1_8byte_labels_claim_4e9", idx1(0xFFFFFFFF))
# 20-byte file claiming 2^31 images: a bare std::bad_alloc naming no file
put("regression", "idx", "case1_20byte_images_claim_2e31", idx3(1 << 31, 28, 28, b"\0\0\0\0"))
# a 4096x4096 header (chapter 08 asked for 33.5 GB even with --train-size 2000)
put("regression", "idx", "case1_4096x4096_header", idx3(60000, 4096, 4096, b"\0" * 64))
# the same through .gz
for name, data in [("case1_16byte_images_claim_2e22", idx3(1 << 22, 28, 28)),
                   ("case1_8byte_labels_claim_4e9", idx1(0xFFFFFFFF)),
                   ("case1_20byte_images_claim_2e31", idx3(1 << 31, 28, 28, b"\0\0\0\0")),
                   ("case1_4096x4096_header", idx3(60000, 4096, 4096, b"\0" * 64))]:
    put("regression", "idx", name + ".gz", gz(data))
    put("regression", "idx_gz", name, data)
# a gzip stream cut in the middle, and one with a corrupt body
g = gz(img)
put("regression", "idx", "truncated_gzip.gz", g[: len(g) // 2])
put("regression", "idx", "corrupt_gzip.gz", g[:12] + bytes(b ^ 0x5A for b in g[12:]))
# the largest image size the loader accepts (2^24 pixels) with one byte of data
put("regression", "idx", "max_image_size", idx3(2, 4096, 4096, b"\x01"))

# ---------------------------------------------------------------- regression: issue 12, case 2
# a label of 1e20: undefined behaviour (double -> integer cast) in labels_to_indices
put("regression", "csv", "case2_label_1e20.csv", b"x1,x2,label\n0,0,0\n1,1,1e20\n")
# a label of 1e9: chapter 04 built a billion class names
put("regression", "csv", "case2_label_1e9.csv", b"a,b,c,d,species\n5.1,3.5,1.4,0.2,0\n7,3.2,4.7,1.4,1e9\n")
put("regression", "csv", "label_max_double.csv", b"x,label\n1,1.7976931348623157e308\n")
put("regression", "csv", "label_minus_zero.csv", b"x,label\n1,-0\n2,1\n")
put("regression", "csv", "label_denormal.csv", b"x,label\n1,4.9e-324\n")
put("regression", "csv", "label_hex.csv", b"x,label\n1,0x1p+70\n")
put("regression", "csv", "label_inf_nan.csv", b"x,label\n1,inf\n2,nan\n")

# ---------------------------------------------------------------- regression: issue 12, case 3
# a word list with a single short word (chapter 10 read ratio(10) with T = 1)
put("regression", "words", "case3_short_list.txt", b"a\nb\n")
put("regression", "words", "no_letters.txt", b"123\nABC\n\xff\xfe\n")
put("regression", "words", "nul_bytes.txt", b"ab\0cd\nef\n")

# ---------------------------------------------------------------- inputs of the program checks
# (common/cmake/NNHostileChecks.cmake: each must end with exit 1 and a message)
def fashion_dir(name, train_images):
    put("programs", name, "train-images-idx3-ubyte", train_images)
    put("programs", name, "train-labels-idx1-ubyte", idx1(2, b"\x00\x01"))
    put("programs", name, "t10k-images-idx3-ubyte", idx3(1, 28, 28, b"\x80" * 784))
    put("programs", name, "t10k-labels-idx1-ubyte", idx1(1, b"\x09"))
# case 1: a 4096x4096 header (chapter 08 asked for 33.5 GB with --train-size 2000)
fashion_dir("fashion_4096x4096", idx3(60000, 4096, 4096, b"\0" * 64))
# case 1: a 20-byte images file claiming 2^31 images (a bare std::bad_alloc)
fashion_dir("fashion_claim_2e31", idx3(1 << 31, 28, 28, b"\0\0\0\0"))
# case 3: 40 words of six letters: 4 held out, 29 characters, 16 probe streams of one step (T = 1)
import itertools
words = ["".join(p) for p in itertools.islice(itertools.permutations("abcdef"), 40)]
put("programs", "words", "case3_40_words.txt", ("\n".join(words) + "\n").encode())
put("regression", "words", "case3_40_words.txt", ("\n".join(words) + "\n").encode())
