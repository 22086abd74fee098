package main

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"strings"
)

// demoFile is a document a demo party attaches to a step of supervision.
type demoFile struct {
	name string
	body []byte
}

// pdfFile is a one-page PDF named name (Chinese names are fine) showing a
// title and lines of text.
func pdfFile(name, title string, lines ...string) demoFile {
	return demoFile{name: name, body: demoDoc(title, lines...)}
}

// pngFile is a screenshot-like PNG; accent tells the pictures apart.
func pngFile(name string, accent int) demoFile { return demoFile{name: name, body: demoShot(accent)} }

// demoDoc is a small but real PDF 1.7: one A4 page with the title and the
// lines, set in STSong-Light, a Chinese font every PDF reader provides (so the
// file embeds no font and stays a few kilobytes).
func demoDoc(title string, lines ...string) []byte {
	var text bytes.Buffer
	fmt.Fprintf(&text, "BT\n/F1 18 Tf\n56 770 Td\n<%s> Tj\n/F1 11 Tf\n18 TL\n0 -36 Td\n", ucs2(title))
	for _, l := range lines {
		fmt.Fprintf(&text, "<%s> Tj T*\n", ucs2(l))
	}
	text.WriteString("ET\n")
	objects := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
		"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [6 0 R] >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%sendstream", text.Len(), text.String()),
		"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> " +
			"/FontDescriptor 7 0 R /DW 1000 /W [1 95 500] >>",
		"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 " +
			"/Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>",
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
	offsets := make([]int, len(objects))
	for i, o := range objects {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objects)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objects)+1, xref)
	return b.Bytes()
}

// ucs2 encodes s for the UniGB-UCS2-H encoding: big-endian UCS-2 in hex.
func ucs2(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r > 0xFFFF {
			r = '?'
		}
		fmt.Fprintf(&b, "%04X", r)
	}
	return b.String()
}

// demoShot draws a screenshot of a made-up console: a title bar, a menu,
// table rows and one row marked, as a buyer would circle a problem.
func demoShot(accent int) []byte {
	palette := []color.RGBA{{11, 92, 173, 255}, {0, 135, 90, 255}, {196, 73, 18, 255}, {108, 58, 168, 255}}
	bar := palette[accent%len(palette)]
	const w, h = 640, 400
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	fill := func(x0, y0, x1, y1 int, c color.RGBA) {
		for x := x0; x < x1; x++ {
			for y := y0; y < y1; y++ {
				img.Set(x, y, c)
			}
		}
	}
	fill(0, 0, w, h, color.RGBA{255, 255, 255, 255})
	fill(0, 0, w, 36, bar)
	fill(0, 36, 120, h, color.RGBA{240, 242, 245, 255})
	for i := 0; i < 8; i++ {
		y := 60 + i*38
		fill(12, y, 100, y+10, color.RGBA{190, 196, 204, 255})
		fill(140, y, 600, y+1, color.RGBA{225, 228, 232, 255})
		fill(150, y+12, 150+80+(i*37+accent*13)%260, y+22, color.RGBA{150, 156, 166, 255})
	}
	mark := 60 + (2+accent%4)*38
	red := color.RGBA{220, 38, 38, 255}
	fill(140, mark+4, 610, mark+6, red)
	fill(140, mark+30, 610, mark+32, red)
	fill(140, mark+4, 142, mark+32, red)
	fill(608, mark+4, 610, mark+32, red)
	var b bytes.Buffer
	_ = png.Encode(&b, img)
	return b.Bytes()
}
