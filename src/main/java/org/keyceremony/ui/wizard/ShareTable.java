package org.keyceremony.ui.wizard;

import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.VBox;
import javafx.util.Callback;

import org.keyceremony.ui.common.Messages;

/** The per-custodian share table shown while shares are written and the quorum is verified. */
final class ShareTable {
    private final VBox root = new VBox(6);

    ShareTable(ShareProgress progress) {
        Label title = new Label(Messages.get("shares.title"));
        title.getStyleClass().add("column-header");
        TableView<ShareProgress.Row> table = new TableView<>(progress.rows());
        table.setId("shareProgress");
        table.getStyleClass().add("share-progress");
        table.setFocusTraversable(false);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        TableColumn<ShareProgress.Row, String> number = new TableColumn<>(Messages.get("shares.number"));
        number.setCellValueFactory(c -> new SimpleStringProperty(String.valueOf(c.getValue().custodian())));
        number.setMaxWidth(60);
        table.getColumns().add(number);
        table.getColumns().add(column("shares.custodian", ShareProgress.Row::nameProperty));
        table.getColumns().add(column("shares.card", ShareProgress.Row::cardProperty));
        table.getColumns().add(column("shares.status", ShareProgress.Row::statusProperty));
        table.getColumns().add(column("shares.commitment", ShareProgress.Row::commitmentProperty));
        table.setFixedCellSize(34);
        // Tall enough for every row without a scroll bar: the room sees all custodians at once.
        table.prefHeightProperty().bind(table.fixedCellSizeProperty()
                .multiply(javafx.beans.binding.Bindings.size(progress.rows()).add(1.6)));
        table.setPlaceholder(new Label(""));
        root.getChildren().addAll(title, table);
        root.getStyleClass().add("share-box");
    }

    private static TableColumn<ShareProgress.Row, String> column(String key,
            java.util.function.Function<ShareProgress.Row, ReadOnlyStringProperty> property) {
        TableColumn<ShareProgress.Row, String> c = new TableColumn<>(Messages.get(key));
        Callback<TableColumn.CellDataFeatures<ShareProgress.Row, String>, javafx.beans.value.ObservableValue<String>> f =
                d -> property.apply(d.getValue());
        c.setCellValueFactory(f);
        return c;
    }

    Node root() {
        return root;
    }
}
