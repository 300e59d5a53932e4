"""The newspaper column (the reference plan's chuyên trang "Lao động và Công đoàn" of the
provincial paper): ``workflow`` proposes stories and moves proposals through their states,
``submission`` builds what is sent to the paper (a ZIP of a Word file and the photos)."""
